import { z } from 'zod';

/** Temporal's remote codec protocol: payloads with base64 metadata values and data. */
export const codecPayload = z.object({
  metadata: z.record(z.string(), z.string()).optional(),
  data: z.string().optional(),
});
export const codecBody = z.object({ payloads: z.array(codecPayload).max(10_000) });

/** POST /codec/session: the operator token, from the sign-in form or as JSON. */
export const codecSessionBody = z.object({ token: z.string().min(1).max(512) });
