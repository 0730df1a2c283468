import { z } from 'zod';
import { isoTime, uuid } from './common';

export const loginStart = z.object({ authorizationUrl: z.string(), state: z.string() }).meta({ id: 'LoginStart' });

export const sessionTokens = z
  .object({
    accessToken: z.string(),
    refreshToken: z.string(),
    expiresIn: z.number().int().describe('seconds until the access token expires'),
  })
  .meta({ id: 'SessionTokens' });

export const signedIn = sessionTokens
  .extend({
    user: z.object({ id: uuid, email: z.string().nullable(), name: z.string().nullable() }),
  })
  .meta({ id: 'SignedIn' });

export const currentUser = z
  .object({
    id: uuid,
    email: z.string().nullable(),
    name: z.string().nullable(),
    amazonConnected: z.boolean(),
    amazonConnectionStatus: z.enum(['connected', 'needs_consent']),
    amazonTokenExpiresAt: isoTime.nullable(),
    amazonConnectionError: z.string().nullable(),
    amazonTokenRefresh: z.object({
      refreshedAt: isoTime.nullable(),
      lastAttemptAt: isoTime.nullable(),
      lastError: z.string().nullable(),
      consecutiveFailures: z.number().int(),
    }),
    amazonWorkPausedAt: isoTime.nullable(),
  })
  .meta({ id: 'CurrentUser' });
