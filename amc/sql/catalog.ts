/**
 * What the front end needs to know about AMC's tables: their columns (type, aggregation threshold) and which
 * retired names now live elsewhere. The simulator and the API build one from amc/catalog (see catalog-view.ts).
 */
import type { SqlType } from './types';

export type ThresholdClass = 'NONE' | 'LOW' | 'MEDIUM' | 'HIGH' | 'VERY_HIGH' | 'INTERNAL';

export interface CatalogColumn {
  name: string;
  type: SqlType;
  threshold?: ThresholdClass;
}

export interface CatalogTable {
  name: string;
  /** Lower-case column name → column. */
  columns: Map<string, CatalogColumn>;
  /**
   * True when `columns` is AMC's complete documented list, so an unknown column is a compile error; false for a
   * table AMC has whose columns are not catalogued (any column is then accepted).
   */
  complete: boolean;
}

export interface SqlCatalog {
  table(name: string): CatalogTable | undefined;
  /** For a retired table name, what to tell the user: which table replaced it, or why it is gone. */
  retiredHint(name: string): string | undefined;
}
