import { z } from 'zod';
import { AMC_REGIONS } from '../../lib/amc-regions';

const amcInstanceId = z
  .string()
  .trim()
  .min(3)
  .max(64)
  .regex(/^amc[a-z0-9-]+$/, 'must be an AMC instance id such as "amcabcdefgh"');
const amcAccountId = z
  .string()
  .trim()
  .min(3)
  .max(64)
  .regex(/^[A-Za-z0-9]+$/, 'must be the AMC account (entity) id, e.g. "ENTITY1AA1AA11AAA1"');

const marketplaceId = z
  .string()
  .trim()
  .regex(/^[A-Z0-9]{5,20}$/, 'must be an Amazon marketplace id');

/**
 * Registration. Only instanceId, name and account.accountId are needed: the marketplace, the instance type and the
 * region are read from AMC's listings (a given marketplaceId must be the one AMC lists for the account; a given
 * region picks the API host, default the marketplace's).
 */
export const instanceBody = z.object({
  instanceId: amcInstanceId,
  name: z.string().trim().min(1).max(200),
  region: z.enum(AMC_REGIONS).optional(),
  account: z.object({
    accountId: amcAccountId,
    name: z.string().trim().max(200).optional(),
    marketplaceId: marketplaceId.optional(),
  }),
});
export type InstanceBody = z.infer<typeof instanceBody>;

/** PUT and PATCH: any part of the registration body; what is left out stays as it is. */
export const instancePatchBody = z.object({
  instanceId: amcInstanceId.optional(),
  name: z.string().trim().min(1).max(200).optional(),
  region: z.enum(AMC_REGIONS).optional(),
  account: z
    .object({
      accountId: amcAccountId.optional(),
      name: z.string().trim().max(200).optional(),
      marketplaceId: marketplaceId.optional(),
    })
    .optional(),
});
export type InstancePatchBody = z.infer<typeof instancePatchBody>;
