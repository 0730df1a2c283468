/** Query templates (shared catalog) and their per-user usage. */
import type { Knex } from 'knex';
import type { QueryTemplateRow } from './catalog-rows';
import { containsPattern, isUuid } from './like';
import { TABLES } from './tables';

export interface TemplateFilter {
  category?: string | undefined;
  search?: string | undefined;
}

export interface TemplateUsage {
  /** Saved queries the user created from the template. */
  mine: number;
  /** Across all users. */
  total: number;
}

export function createQueryTemplatesDb(db: Knex) {
  const templates = () => db<QueryTemplateRow>(TABLES.queryTemplates);
  return {
    /** Every word of `search` must appear in the name, slug, description or tags; name hits come first. */
    async list(filter: TemplateFilter): Promise<QueryTemplateRow[]> {
      const q = templates().select('*');
      if (filter.category) q.where({ category: filter.category });
      const words = (filter.search ?? '').trim().split(/\s+/).filter(Boolean).slice(0, 10);
      for (const word of words) {
        const p = containsPattern(word);
        q.where((w) =>
          w
            .whereILike('name', p)
            .orWhereILike('slug', p)
            .orWhereILike('description', p)
            .orWhereRaw('tags::text ILIKE ?', [p]),
        );
      }
      if (words.length > 0) q.orderByRaw('(name ILIKE ?) DESC', [containsPattern(words.join(' '))]);
      return q.orderBy([{ column: 'category' }, { column: 'name' }]);
    },
    /** By UUID or slug. */
    async get(idOrSlug: string): Promise<QueryTemplateRow | undefined> {
      return templates()
        .where(isUuid(idOrSlug) ? { id: idOrSlug } : { slug: idOrSlug })
        .first();
    },
    async usage(userId: string, templateIds: string[]): Promise<Map<string, TemplateUsage>> {
      const rows = (await db(TABLES.queryTemplateUsages)
        .whereIn('template_id', templateIds)
        .groupBy('template_id')
        .select(
          'template_id',
          db.raw('COUNT(*) FILTER (WHERE user_id = ?) AS mine', [userId]),
          db.raw('COUNT(*) AS total'),
        )) as {
        template_id: string;
        mine: number;
        total: number;
      }[];
      return new Map(rows.map((r) => [r.template_id, { mine: Number(r.mine), total: Number(r.total) }]));
    },
    async recordUsage(
      row: { template_id: string; user_id: string; saved_query_id: string },
      tx?: Knex.Transaction,
    ): Promise<void> {
      await (tx ?? db)(TABLES.queryTemplateUsages).insert(row);
    },
  };
}
export type QueryTemplatesDb = ReturnType<typeof createQueryTemplatesDb>;
