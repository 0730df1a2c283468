/** Build guides (shared catalog). */
import type { Knex } from 'knex';
import type { BuildGuideRow } from './catalog-rows';
import { isUuid } from './like';
import { TABLES } from './tables';

export function createBuildGuidesDb(db: Knex) {
  const guides = () => db<BuildGuideRow>(TABLES.buildGuides);
  return {
    async list(filter: { category?: string | undefined }): Promise<BuildGuideRow[]> {
      const q = guides().select('*');
      if (filter.category) q.where({ category: filter.category });
      return q.orderBy('title');
    },
    /** By UUID or slug. */
    async get(idOrSlug: string): Promise<BuildGuideRow | undefined> {
      return guides()
        .where(isUuid(idOrSlug) ? { id: idOrSlug } : { slug: idOrSlug })
        .first();
    },
  };
}
export type BuildGuidesDb = ReturnType<typeof createBuildGuidesDb>;
