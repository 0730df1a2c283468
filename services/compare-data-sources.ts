/**
 * Compare two AMC data sources (GET /api/data-sources/compare?ids=a,b): their fields side by side, a's order
 * first, then the fields only b has, with whether each field's type agrees.
 */
import type { DataSourceFieldRow } from '../db/catalog-rows';
import type { DataSourceWithFields } from '../db/data-sources';

export interface FieldComparison {
  name: string;
  presence: 'both' | 'a' | 'b';
  sameType: boolean | null;
  a: DataSourceFieldRow | null;
  b: DataSourceFieldRow | null;
}

export function compareDataSources(a: DataSourceWithFields, b: DataSourceWithFields) {
  const inB = new Map(b.fields.map((f) => [f.name, f]));
  const inA = new Set(a.fields.map((f) => f.name));
  const rows: FieldComparison[] = [];
  for (const f of a.fields) {
    const other = inB.get(f.name);
    rows.push({
      name: f.name,
      presence: other ? 'both' : 'a',
      sameType: other ? other.data_type === f.data_type : null,
      a: f,
      b: other ?? null,
    });
  }
  for (const f of b.fields)
    if (!inA.has(f.name)) rows.push({ name: f.name, presence: 'b', sameType: null, a: null, b: f });
  return {
    fields: rows,
    summary: {
      inBoth: rows.filter((r) => r.presence === 'both').length,
      onlyInA: rows.filter((r) => r.presence === 'a').length,
      onlyInB: rows.filter((r) => r.presence === 'b').length,
      typeMismatches: rows.filter((r) => r.sameType === false).map((r) => r.name),
    },
  };
}
