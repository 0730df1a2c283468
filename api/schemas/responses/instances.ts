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

/** What a forced DELETE of an instance or saved query cancelled and removed (services/delete-dependents.ts). */
export const deletion = z
  .object({
    deleted: z.union([z.object({ instanceId: uuid }), z.object({ workflowId: uuid })]),
    removed: z.object({
      savedQueries: z.number().int(),
      schedules: z.number().int(),
      executions: z.number().int(),
      collections: z.number().int(),
    }),
    cancelled: z.object({
      executions: z.number().int(),
      collections: z.number().int(),
      scheduledRuns: z.number().int(),
    }),
    terminated: z.number().int().describe('workflows that did not close in time (their AMC runs cancelled by the API)'),
  })
  .meta({ id: 'Deletion' });

export const validation = z
  .object({
    ok: z.boolean(),
    latencyMs: z.number(),
    error: jsonObject.optional().describe("AMC's error when ok is false"),
  })
  .meta({ id: 'InstanceValidation' });
