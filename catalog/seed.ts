/**
 * Fills the catalog tables from the data in this folder. Idempotent (upserts by slug / table name, removes what
 * the data no longer has) and run after every migration by db/knex.ts migrateLatest, so `npm start`, `npm run
 * db:migrate` and the test setup all see the same catalog.
 */
import type { Knex } from 'knex';
import { TABLES } from '../db/tables';
import { amcTables } from './amc-tables';
import { BUILD_GUIDES } from './build-guides';
import { QUERY_TEMPLATES } from './query-templates';

const json = (v: unknown) => JSON.stringify(v);

async function seedDataSources(tx: Knex.Transaction): Promise<void> {
  const tables = amcTables();
  for (const table of tables) {
    const [source] = await tx(TABLES.dataSources)
      .insert({
        name: table.name,
        category: table.category,
        description: table.description,
        source: table.source,
        paid: table.paid,
        audience_of: table.audienceOf,
      })
      .onConflict('name')
      .merge(['category', 'description', 'source', 'paid', 'audience_of', 'updated_at'])
      .returning('id');
    const sourceId = (source as { id: string }).id;
    const fields = table.columns.map((c, position) => ({
      data_source_id: sourceId,
      name: c.name,
      data_type: c.type,
      kind: c.kind,
      description: c.description,
      aggregation_threshold: c.threshold,
      position,
    }));
    await tx(TABLES.dataSourceFields)
      .insert(fields)
      .onConflict(['data_source_id', 'name'])
      .merge(['data_type', 'kind', 'description', 'aggregation_threshold', 'position']);
    await tx(TABLES.dataSourceFields)
      .where({ data_source_id: sourceId })
      .whereNotIn(
        'name',
        table.columns.map((c) => c.name),
      )
      .delete();
  }
  await tx(TABLES.dataSources)
    .whereNotIn(
      'name',
      tables.map((t) => t.name),
    )
    .delete();
}

/** Upserts `rows` by slug (updating `columns`) and deletes the rows the code no longer has. */
async function replaceBySlug(
  tx: Knex.Transaction,
  table: string,
  rows: { slug: string }[],
  columns: string[],
): Promise<void> {
  await tx(table).insert(rows).onConflict('slug').merge(columns);
  await tx(table)
    .whereNotIn(
      'slug',
      rows.map((r) => r.slug),
    )
    .delete();
}

async function seedTemplates(tx: Knex.Transaction): Promise<void> {
  const rows = QUERY_TEMPLATES.map((t) => ({
    slug: t.slug,
    name: t.name,
    category: t.category,
    description: t.description,
    sql_query: t.sqlQuery,
    parameters: json(t.parameters),
    example_parameters: json(t.exampleParameters ?? {}),
    tags: json(t.tags),
    data_sources: json(t.dataSources),
  }));
  const columns = [
    'name',
    'category',
    'description',
    'sql_query',
    'parameters',
    'example_parameters',
    'tags',
    'data_sources',
    'updated_at',
  ];
  await replaceBySlug(tx, TABLES.queryTemplates, rows, columns);
}

async function seedGuides(tx: Knex.Transaction): Promise<void> {
  const rows = BUILD_GUIDES.map((g) => ({
    slug: g.slug,
    title: g.title,
    category: g.category,
    description: g.description,
    sections: json(g.sections),
  }));
  await replaceBySlug(tx, TABLES.buildGuides, rows, ['title', 'category', 'description', 'sections', 'updated_at']);
}

export async function seedCatalog(db: Knex): Promise<void> {
  await db.transaction(async (tx) => {
    // Two processes starting at once (API and worker, parallel test setups) take turns instead of deadlocking.
    await tx.raw("SELECT pg_advisory_xact_lock(hashtext('recomamp:catalog-seed'))");
    await seedDataSources(tx);
    await seedTemplates(tx);
    await seedGuides(tx);
  });
}
