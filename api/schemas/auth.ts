import { z } from 'zod';

export const callbackQuery = z.object({
  code: z.string().min(1).max(2048).optional(),
  state: z.string().min(1).max(200),
  error: z.string().max(200).optional(),
  error_description: z.string().max(2000).optional(),
});

export const refreshBody = z.object({ refreshToken: z.string().min(1).max(200) });
/** Optional: logout ends the caller's own session either way; a refresh token names one more of theirs to end. */
export const logoutBody = z.object({ refreshToken: z.string().min(1).max(200).optional() }).default({});
