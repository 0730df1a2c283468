/**
 * How the sandbox's data is produced: core tables hold the generated events (per "source day": the day of the
 * traffic they stem from) with only the fields that drive correlations; public views (view-columns.ts) join them
 * with the dimensions and expose every catalogued column of an AMC table.
 */
export interface SandboxTable {
  /** Internal table in schema amc_data. */
  name: string;
  /** Tables whose rows for the same source days must exist first. */
  deps: string[];
  /** Generated once when the store is created, not per day (dimension-like data). */
  static?: boolean;
  /** SQL (a SELECT) producing the rows of the source days in the list expression `days` (ignored when static). */
  select(days: string, volume: number): string;
}

/** An AMC table as a query sees it: a public view filtered to the execution window on its event-time column. */
export interface SandboxExposure {
  /** Public view in schema amc_data. */
  table: string;
  /** Event-time column the window applies to (undefined: not time-windowed, e.g. segment membership). */
  timeColumn?: string;
  /** Events of source day d can fall this many days later (clicks after impressions, conversions after traffic). */
  lagDays: number;
  /** Rows carry no user (no privacy threshold from this table). */
  noUsers?: boolean;
  /** Extra SQL condition on the view: one segment category, and no event after the simulator's clock. */
  filter?: string;
}
