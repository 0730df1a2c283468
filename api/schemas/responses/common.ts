/**
 * Response building blocks shared by every resource (the error body, pages, timestamps). api/schemas/responses/*
 * hold what each route answers; api/openapi.ts names them as components, and the API tests validate every real
 * response against the document (test/helpers/response-check.ts), so a presenter that drifts fails the suite.
 */
import { z } from 'zod';

export const isoTime = z.string().describe('ISO-8601 UTC time');
export const uuid = z.string().uuid();
export const jsonObject = z.record(z.string(), z.unknown());

export const errorBody = z
  .object({
    error: z.object({
      code: z.string().describe('stable UPPER_SNAKE code'),
      message: z.string(),
      details: jsonObject.optional().describe('e.g. {issues:[{path, message, code}]} for VALIDATION_ERROR'),
    }),
  })
  .meta({ id: 'Error' });

/** The contract's list shape: `{ items, nextCursor }` (nextCursor null on the last page). */
export const page = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() });

export const resultColumn = z.object({ name: z.string(), type: z.string() }).meta({ id: 'ResultColumn' });
