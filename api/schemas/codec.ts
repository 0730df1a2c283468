import { z } from 'zod';

/** Temporal's remote codec protocol: payloads with base64 metadata values and data. */
export const codecPayload = z.object({
  metadata: z.record(z.string(), z.string()).optional(),
  data: z.string().optional(),
});
export const codecBody = z.object({ payloads: z.array(codecPayload).max(10_000) });
