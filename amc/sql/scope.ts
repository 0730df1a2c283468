/**
 * Name resolution: the relations a query reads (tables, CTEs, derived tables, VALUES lists), the scopes their
 * columns are visible in, and CTE visibility. Case-insensitive, as AMC identifiers are.
 */
import type { ThresholdClass } from './catalog';
import type { SqlType } from './types';

export interface ColumnInfo {
  name: string;
  type: SqlType;
  metric: boolean;
  /** The VERY_HIGH catalog column whose values this column carries (not counted away by COUNT/COUNT DISTINCT). */
  exposes?: string;
  /** Set when the column is a plain pass-through of a catalogued column. */
  base?: { table: string; column: string; threshold?: ThresholdClass };
}

export interface Relation {
  columns: ColumnInfo[];
  /** True when the relation may have columns the front end does not know (an uncatalogued table). */
  open: boolean;
}

export interface Source {
  /** The name the query refers to it by: its alias, else its table/CTE name. */
  alias: string;
  relation: Relation;
  /** Lower-case AMC table name when the source is a catalogued table. */
  table?: string;
  /** The right side of a SEMI/ANTI join: its columns are not visible after the join. */
  hidden?: boolean;
}

export class Scope {
  readonly sources: Source[] = [];
  /** Columns merged by JOIN … USING (…): unqualified references to them are not ambiguous. */
  readonly using = new Set<string>();

  constructor(readonly parent?: Scope) {}

  add(source: Source): void {
    this.sources.push(source);
  }

  source(name: string): Source | undefined {
    const n = name.toLowerCase();
    return this.sources.find((s) => s.alias.toLowerCase() === n);
  }

  /** Visible sources that have a column of this name. */
  withColumn(name: string): { source: Source; column: ColumnInfo }[] {
    const n = name.toLowerCase();
    const out: { source: Source; column: ColumnInfo }[] = [];
    for (const source of this.sources) {
      if (source.hidden) continue;
      const column = source.relation.columns.find((c) => c.name.toLowerCase() === n);
      if (column) out.push({ source, column });
    }
    return out;
  }

  get open(): boolean {
    return this.sources.some((s) => s.relation.open && !s.hidden);
  }
}

export class Env {
  private readonly ctes = new Map<string, Relation>();

  constructor(private readonly parent?: Env) {}

  child(): Env {
    return new Env(this);
  }

  define(name: string, relation: Relation): void {
    this.ctes.set(name.toLowerCase(), relation);
  }

  cte(name: string): Relation | undefined {
    return this.ctes.get(name.toLowerCase()) ?? this.parent?.cte(name);
  }
}

export function column(relation: Relation, name: string): ColumnInfo | undefined {
  const n = name.toLowerCase();
  return relation.columns.find((c) => c.name.toLowerCase() === n);
}

/** Applies a column alias list `t(a, b)` to the first columns of a relation. */
export function renameColumns(relation: Relation, names: string[]): Relation {
  return {
    open: relation.open,
    columns: relation.columns.map((c, i) => (i < names.length ? { ...c, name: names[i]!, base: c.base } : c)),
  };
}
