/**
 * What a query AMC accepts may still do unexpectedly, read from the front end's analysis: output columns whose
 * aggregation threshold drops or NULLs rows with few users (reference §10.4), tables that need a paid AMC
 * subscription, and audience tables (read by AMC's audience API, not by reports).
 */
import type { CompiledSql } from '../amc/sql';
import { amcTable } from '../amc/catalog/amc-catalog';
import { at, type CheckItem } from './sql-check-item';
import type { EditedSql } from './sql-edits';

const USERS_NEEDED: Record<string, number> = { MEDIUM: 100, HIGH: 100 };

/** Offset in the user's SQL of a node of the edited SQL. */
const origin = (edited: EditedSql, node: { start: number } | undefined) =>
  node === undefined ? undefined : edited.toOriginalOffset(node.start);

export function outputWarnings(original: string, edited: EditedSql, compiled: CompiledSql): CheckItem[] {
  const warnings: CheckItem[] = [];
  compiled.analysis.output.forEach((c, i) => {
    const threshold = c.base?.threshold;
    if (!threshold || USERS_NEEDED[threshold] === undefined) return;
    warnings.push(
      at(original, origin(edited, compiled.analysis.outputItems[i]), {
        code: 'AGGREGATION_THRESHOLD',
        message: `output column '${c.name}' shows ${c.base!.table}.${c.base!.column} (aggregation threshold ${threshold}): AMC drops rows with fewer than ${USERS_NEEDED[threshold]} distinct users`,
        suggestion:
          'expect fewer rows than the data has; set filteredMetricsDiscriminatorColumn to keep them with the sensitive values NULL',
      }),
    );
  });
  return warnings;
}

/** The first place each catalogued table is named (table references and EXTEND_TIME_WINDOW). */
function firstReferences(compiled: CompiledSql): Map<string, { start: number }> {
  const first = new Map<string, { start: number }>();
  const seen = new Set<unknown>();
  const walk = (n: unknown): void => {
    if (!n || typeof n !== 'object' || seen.has(n)) return;
    seen.add(n);
    if (Array.isArray(n)) return n.forEach(walk);
    const node = n as { kind?: string; start?: number; name?: { name: string }; table?: { name: string } };
    const ident = node.kind === 'table' ? node.name : node.kind === 'extended' ? node.table : undefined;
    const name = ident?.name.toLowerCase();
    if (name && node.start !== undefined && !first.has(name)) first.set(name, { start: node.start });
    for (const v of Object.values(n)) walk(v);
  };
  walk(compiled.ast);
  return first;
}

export function tableWarnings(original: string, edited: EditedSql, compiled: CompiledSql): CheckItem[] {
  const warnings: CheckItem[] = [];
  const refs = firstReferences(compiled);
  for (const name of [...compiled.tables].sort()) {
    const table = amcTable(name);
    if (!table) continue;
    const offset = origin(edited, refs.get(name));
    if (table.paid) {
      warnings.push(
        at(original, offset, {
          code: 'PAID_FEATURE_TABLE',
          message: `${table.name} is an AMC paid feature: the instance must subscribe to it, or AMC refuses the query`,
          suggestion: 'check the instance’s paid features in the AMC console before running it there',
        }),
      );
    }
    if (table.audienceOf) {
      warnings.push(
        at(original, offset, {
          code: 'AUDIENCE_TABLE',
          message: `${table.name} is an audience table: AMC reads it in audience queries (its audience API), not in reports`,
          suggestion: `for a report, read ${table.audienceOf} instead`,
        }),
      );
    }
  }
  return warnings;
}
