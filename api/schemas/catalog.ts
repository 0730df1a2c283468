import { z } from 'zod';
import { TEMPLATE_CATEGORIES } from '../../catalog/types';

const text = (max: number) => z.string().trim().max(max).optional();

export const templateListQuery = z.object({ category: z.enum(TEMPLATE_CATEGORIES).optional(), search: text(200) });

export const createFromTemplateBody = z.object({
  instanceId: z.string().uuid('must be the UUID of one of your instances'),
  name: z.string().trim().min(1).max(200).optional(),
  description: z.string().max(5000).optional(),
  /** Values that become the saved query's parameter defaults. */
  parameters: z.record(z.string(), z.unknown()).default({}),
  tags: z.array(z.string().trim().min(1).max(50)).max(50).optional(),
});
export type CreateFromTemplateBody = z.infer<typeof createFromTemplateBody>;

export const dataSourceListQuery = z.object({ category: text(200), search: text(200) });

export const dataSourceSearchQuery = z.object({
  q: z.string().trim().min(1, 'give a search text').max(200),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

export const compareQuery = z.object({
  ids: z
    .string()
    .transform((s) =>
      s
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean),
    )
    .refine((ids) => ids.length === 2, 'give exactly two tables: ids=a,b')
    .refine((ids) => ids[0] !== ids[1], 'give two different tables'),
});

export const guideListQuery = z.object({ category: z.enum(TEMPLATE_CATEGORIES).optional() });
