/** The AMC table catalog (amc/catalog, shared with the simulator) in the shape the catalog seed stores. */
import { AMC_TABLES, typeLabel, type AmcTable } from '../amc/catalog/amc-catalog';

export interface AmcTableColumn {
  name: string;
  /** As AMC's documentation writes it: STRING, LONG, DECIMAL(38,4), ARRAY<LONG>… */
  type: string;
  kind: 'metric' | 'dimension';
  threshold: string;
  description: string;
}

export interface CatalogTable extends Pick<AmcTable, 'name' | 'category' | 'description' | 'source' | 'paid'> {
  audienceOf: string | null;
  columns: AmcTableColumn[];
}

export function amcTables(): CatalogTable[] {
  return AMC_TABLES.map((t) => ({
    name: t.name,
    category: t.category,
    description: t.description,
    source: t.source,
    paid: t.paid,
    audienceOf: t.audienceOf ?? null,
    columns: t.columns.map((c) => ({
      name: c.name,
      type: typeLabel(c),
      kind: c.kind,
      threshold: c.threshold,
      description: c.description,
    })),
  }));
}
