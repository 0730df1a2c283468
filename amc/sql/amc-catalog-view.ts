/** The AMC table catalog (amc/catalog) as the SQL front end reads it: columns with types and thresholds, retired names. */
import { AMC_TABLES, retiredTable, typeLabel } from '../catalog/amc-catalog';
import type { CatalogTable, SqlCatalog } from './catalog';
import { normalizeType } from './types';

const tables = new Map<string, CatalogTable>(
  AMC_TABLES.map((t) => [
    t.name.toLowerCase(),
    {
      name: t.name,
      complete: true,
      columns: new Map(
        t.columns.map((c) => [
          c.name.toLowerCase(),
          { name: c.name, type: normalizeType(typeLabel(c)), threshold: c.threshold },
        ]),
      ),
    },
  ]),
);

export const amcSqlCatalog: SqlCatalog = {
  table: (name) => tables.get(name.toLowerCase()),
  retiredHint(name) {
    const retired = retiredTable(name);
    if (!retired) return undefined;
    return retired.replacement
      ? `${name} was retired; use ${retired.replacement} instead`
      : `${name} was retired: ${retired.reason}`;
  },
};
