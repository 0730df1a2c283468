import { z } from 'zod';

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

export const instanceBody = z.object({
  instanceId: amcInstanceId,
  name: z.string().trim().min(1).max(200),
  region: z.enum(['NA', 'EU', 'FE']).default('NA'),
  account: z.object({
    accountId: amcAccountId,
    name: z.string().trim().max(200).optional(),
    marketplaceId: z
      .string()
      .trim()
      .regex(/^[A-Z0-9]{5,20}$/, 'must be an Amazon marketplace id')
      .optional(),
  }),
});
export type InstanceBody = z.infer<typeof instanceBody>;
