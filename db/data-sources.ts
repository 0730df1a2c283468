/**
 * AMC data sources (tables) and their fields, with a ranked search scored in Postgres. Tiers, highest first:
 * exact table name 1000 > table name prefix 800 > a word of the table name 700 > table name contains 600 >
 * exact field name 500 > field name prefix 400 > a word of a field name 350 > field name contains 300 >
 * table description (full text) 150 > field description (full text) 120 > near-miss spelling (pg_trgm) ≤ 90.
 * A table scores its best tier plus one point per further matching field (capped at 20), so ties break
 * towards tables with more matching fields.
 */
import type { Knex } from 'knex';
import type { DataSourceFieldRow, DataSourceRow } from './catalog-rows';
import { containsPattern, isUuid } from './like';
import { TABLES } from './tables';

export interface DataSourceWithFields extends DataSourceRow {
  fields: DataSourceFieldRow[];
}

export interface FieldHit extends DataSourceFieldRow {
  score: number;
}

export interface DataSourceHit extends DataSourceRow {
  score: number;
  /** The tier of the table itself (0 when only fields matched). */
  tableScore: number;
  matchedFields: FieldHit[];
}

const tier = (col: string, [exact, prefix, word, contains]: number[]) => `CASE
  WHEN lower(${col}) = q.q THEN ${exact}
  WHEN strpos(lower(${col}), q.q) = 1 THEN ${prefix}
  WHEN strpos(lower(${col}), '_' || q.q) > 0 THEN ${word}
  WHEN strpos(lower(${col}), q.q) > 0 THEN ${contains}
  ELSE 0 END`;

const TABLE_SCORES = `WITH q AS (SELECT lower(CAST(? AS text)) AS q)
SELECT s.id, GREATEST(${tier('s.name', [1000, 800, 700, 600])},
  CASE WHEN to_tsvector('english', s.description) @@ plainto_tsquery('english', q.q) THEN 150 ELSE 0 END,
  CASE WHEN similarity(s.name, q.q) >= 0.35 THEN floor(90 * similarity(s.name, q.q)) ELSE 0 END) AS score
FROM ${TABLES.dataSources} s, q`;

const FIELD_SCORES = `WITH q AS (SELECT lower(CAST(? AS text)) AS q)
SELECT * FROM (
  SELECT f.*, GREATEST(${tier('f.name', [500, 400, 350, 300])},
    CASE WHEN to_tsvector('english', f.description) @@ plainto_tsquery('english', q.q) THEN 120 ELSE 0 END,
    CASE WHEN similarity(f.name, q.q) >= 0.4 THEN floor(90 * similarity(f.name, q.q)) ELSE 0 END) AS score
  FROM ${TABLES.dataSourceFields} f, q
) scored WHERE score > 0`;

export function createDataSourcesDb(db: Knex) {
  const sources = () => db<DataSourceRow>(TABLES.dataSources);
  const fieldsOf = (ids: string[]) =>
    db<DataSourceFieldRow>(TABLES.dataSourceFields)
      .whereIn('data_source_id', ids)
      .orderBy(['data_source_id', 'position']);

  return {
    async list(filter: {
      category?: string | undefined;
      search?: string | undefined;
    }): Promise<(DataSourceRow & { field_count: number })[]> {
      const q = sources().select(
        `${TABLES.dataSources}.*`,
        db.raw(
          `(SELECT COUNT(*) FROM ${TABLES.dataSourceFields} f WHERE f.data_source_id = ${TABLES.dataSources}.id) AS field_count`,
        ),
      );
      if (filter.category) q.where({ category: filter.category });
      if (filter.search?.trim()) {
        const p = containsPattern(filter.search.trim());
        q.where((w) =>
          w
            .whereILike('name', p)
            .orWhereILike('description', p)
            .orWhereExists(
              db(TABLES.dataSourceFields).whereRaw(`data_source_id = ${TABLES.dataSources}.id`).whereILike('name', p),
            ),
        );
      }
      return q.orderBy(['category', 'name']) as never;
    },
    /** By UUID or table name, with fields in catalog order. */
    async get(idOrName: string): Promise<DataSourceWithFields | undefined> {
      const source = await sources()
        .where(isUuid(idOrName) ? { id: idOrName } : { name: idOrName.toLowerCase() })
        .first();
      return source ? { ...source, fields: await fieldsOf([source.id]) } : undefined;
    },
    async categories(): Promise<{ category: string; table_count: number }[]> {
      return sources().select('category').count({ table_count: '*' }).groupBy('category').orderBy('category') as never;
    },
    async search(text: string, limit: number): Promise<DataSourceHit[]> {
      const q = text.trim();
      const tableScores = (await db.raw(TABLE_SCORES, [q])).rows as { id: string; score: number }[];
      const fieldHits = (await db.raw(FIELD_SCORES, [q])).rows as FieldHit[];
      const byTable = new Map<string, FieldHit[]>();
      for (const f of fieldHits)
        byTable.set(f.data_source_id, [...(byTable.get(f.data_source_id) ?? []), { ...f, score: Number(f.score) }]);
      const scored = tableScores
        .map((t) => {
          const fields = (byTable.get(t.id) ?? []).sort((a, b) => b.score - a.score || a.position - b.position);
          const best = Math.max(Number(t.score), fields[0]?.score ?? 0);
          const extra = Math.min(20, Math.max(0, fields.length - (Number(t.score) >= (fields[0]?.score ?? 0) ? 0 : 1)));
          return { id: t.id, tableScore: Number(t.score), score: best > 0 ? best + extra : 0, matchedFields: fields };
        })
        .filter((t) => t.score > 0);
      const rows = await sources().whereIn(
        'id',
        scored.map((s) => s.id),
      );
      const byId = new Map(rows.map((r) => [r.id, r]));
      return scored
        .map((s) => ({ ...byId.get(s.id)!, score: s.score, tableScore: s.tableScore, matchedFields: s.matchedFields }))
        .sort((a, b) => b.score - a.score || a.name.localeCompare(b.name))
        .slice(0, limit);
    },
  };
}
export type DataSourcesDb = ReturnType<typeof createDataSourcesDb>;
