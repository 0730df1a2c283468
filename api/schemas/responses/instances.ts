import { z } from 'zod';
import { isoTime, jsonObject, uuid } from './common';

export const instance = z
  .object({
    id: uuid,
    instanceId: z.string().describe("AMC's instance id"),
    name: z.string(),
    region: z.string(),
    instanceType: z.string().nullable(),
    account: z.object({
      id: uuid,
      accountId: z.string(),
      name: z.string().nullable(),
      marketplaceId: z.string().nullable(),
    }),
    createdAt: isoTime,
    updatedAt: isoTime,
  })
  .meta({ id: 'Instance' });

export const circuit = z
  .object({
    state: z.enum(['closed', 'open', 'half_open']),
    failures: z.number().int(),
    openedAt: isoTime.nullable(),
    retryAt: isoTime.nullable(),
    lastError: z.string().nullable(),
  })
  .meta({ id: 'Circuit' });

export const instanceWithCircuit = instance.extend({ circuit }).meta({ id: 'InstanceWithCircuit' });

export const discoveredInstance = z
  .object({
    instanceId: z.string(),
    name: z.string(),
    instanceType: z.string().nullable().optional(),
    creationStatus: z.string().nullable().optional(),
    apiEndpoint: z.string().nullable(),
    account: z.object({
      accountId: z.string(),
      name: z.string().nullable().optional(),
      marketplaceId: z.string().nullable().optional(),
    }),
    importedId: uuid.nullable().describe('our instance UUID when already imported'),
  })
  .meta({ id: 'DiscoveredInstance' });

export const validation = z
  .object({
    ok: z.boolean(),
    latencyMs: z.number(),
    error: jsonObject.optional().describe("AMC's error when ok is false"),
  })
  .meta({ id: 'InstanceValidation' });
