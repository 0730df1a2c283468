/** zod at the edge: parse a request part or answer 400 VALIDATION_ERROR with the issues and their paths. */
import type { Request } from 'express';
import { z } from 'zod';
import { AppError } from './errors';

export function parse<S extends z.ZodType>(schema: S, value: unknown, part: 'body' | 'query' | 'params'): z.infer<S> {
  const result = schema.safeParse(value ?? {});
  if (result.success) return result.data;
  throw new AppError(400, 'VALIDATION_ERROR', `invalid request ${part}`, {
    issues: result.error.issues.map((i) => ({
      path: [part, ...i.path.map(String)].join('.'),
      message: i.message,
      code: i.code,
    })),
  });
}

export const parseBody = <S extends z.ZodType>(schema: S, req: Request) => parse(schema, req.body, 'body');
export const parseQuery = <S extends z.ZodType>(schema: S, req: Request) => parse(schema, req.query, 'query');

const uuid = z.string().uuid();
/** A path id that is not a UUID names nothing that exists: 404, like any unknown resource. */
export function pathId(req: Request, name = 'id', what = 'resource'): string {
  const value = req.params[name];
  if (!uuid.safeParse(value).success) throw new AppError(404, 'NOT_FOUND', `${what} not found`);
  return value as string;
}

/** `?force=true` on a DELETE whose resource others depend on (services/delete-dependents.ts). */
export const forceQuery = z.object({
  force: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
});

export const listQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(200).optional(),
});
