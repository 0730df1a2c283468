/**
 * AMC's aggregation thresholds (reference §10.4) applied to sandbox rows. A row needs as many distinct users as the
 * strictest output column demands: any METRIC (user-level aggregate) or MEDIUM/HIGH dimension → `threshold`
 * (AMC: 100), LOW → 2, NONE → 1. Failing rows are dropped; with filteredMetricsDiscriminatorColumn (or
 * privacyFilteringBehavior REMOVE_VALUES) they are merged into one row with NULL dimensions, SUMmed metrics and the
 * flag TRUE. distinctUserCountColumn holds the row's user count capped at 100; filteredReasonColumn says why.
 */
import type { AmcOutputColumn } from '../../client/types';
import { columnThreshold } from '../catalog';
import type { SandboxResult } from './run-query';

export interface PrivacyOptions {
  threshold: number;
  enabled: boolean;
  names: { discriminator?: string; distinctUserCount?: string; filteredReason?: string };
  mergeFiltered: boolean;
}

const NUMERIC = new Set(['LONG', 'INTEGER', 'SHORT', 'BYTE', 'DOUBLE', 'FLOAT', 'DECIMAL']);
const REPORTED_CAP = 100;

function requiredUsers(columns: AmcOutputColumn[], tables: string[], threshold: number): number {
  if (columns.some((c) => c.columnType === 'METRIC')) return threshold;
  let need = 1;
  for (const c of columns) {
    const classes = tables.map((t) => columnThreshold(t, c.name)).filter(Boolean);
    const cls = classes[0] ?? 'LOW';
    need = Math.max(need, cls === 'NONE' ? 1 : cls === 'LOW' ? 2 : threshold);
  }
  return need;
}

function compareCells(a: (string | null)[], b: (string | null)[]): number {
  for (let i = 0; i < a.length; i++) {
    const x = a[i] ?? '';
    const y = b[i] ?? '';
    if (x === y) continue;
    const nx = Number(x);
    const ny = Number(y);
    if (x !== '' && y !== '' && !Number.isNaN(nx) && !Number.isNaN(ny)) return nx - ny;
    return x < y ? -1 : 1;
  }
  return 0;
}

function sumColumn(col: AmcOutputColumn, values: (string | null)[]): string | null {
  const present = values.filter((v): v is string => v !== null && v !== '');
  if (present.length === 0) return null;
  if (['LONG', 'INTEGER', 'SHORT', 'BYTE'].includes(col.dataType as string))
    return String(present.reduce((a, v) => a + BigInt(v.split('.')[0]!), 0n));
  const total = present.reduce((a, v) => a + Number(v), 0);
  return col.dataType === 'DECIMAL' ? total.toFixed(col.dataTypeScale ?? 4) : String(total);
}

/** Final columns (query columns typed by the engine, METRIC/DIMENSION from the compiler, privacy columns appended) and rows. */
export function applyPrivacy(
  result: SandboxResult,
  compiled: AmcOutputColumn[],
  opts: PrivacyOptions,
): { columns: AmcOutputColumn[]; rows: (string | null)[][] } {
  const metricNames = new Set(compiled.filter((c) => c.columnType === 'METRIC').map((c) => c.name.toLowerCase()));
  const columns = result.columns.map(
    (c) => ({ ...c, columnType: metricNames.has(c.name.toLowerCase()) ? 'METRIC' : 'DIMENSION' }) as AmcOutputColumn,
  );
  const need = requiredUsers(columns, result.tables, opts.threshold);
  const judged = opts.enabled && result.userLevel && result.users !== undefined;
  const order = result.rows.map((_, i) => i).sort((a, b) => compareCells(result.rows[a]!, result.rows[b]!));
  const passed: number[] = [];
  const failed: number[] = [];
  for (const i of order) (!judged || result.users![i]!.length >= need ? passed : failed).push(i);

  const { discriminator, distinctUserCount, filteredReason } = opts.names;
  const userCount = (users: string[] | undefined) =>
    result.userLevel && users ? String(Math.min(users.length, REPORTED_CAP)) : null;
  const extra = (flag: boolean, users: string[] | undefined, reason: string | null) => [
    ...(discriminator ? [String(flag)] : []),
    ...(distinctUserCount ? [userCount(users)] : []),
    ...(filteredReason ? [reason] : []),
  ];
  const rows = passed.map((i) => [...result.rows[i]!, ...extra(false, result.users?.[i], null)]);
  if (failed.length > 0 && opts.mergeFiltered) {
    const union = new Set(failed.flatMap((i) => result.users![i]!));
    const merged = columns.map((c, ci) =>
      c.columnType === 'METRIC' && NUMERIC.has(c.dataType as string)
        ? sumColumn(
            c,
            failed.map((i) => result.rows[i]![ci]!),
          )
        : null,
    );
    const table = result.tables.find((t) => t !== 'segment_metadata') ?? result.tables[0];
    const fewest = Math.min(...failed.map((i) => result.users![i]!.length));
    rows.push([...merged, ...extra(true, [...union], `${fewest} '${table}' users < ${need} required`)]);
  }
  const privacy: AmcOutputColumn[] = [];
  if (discriminator) privacy.push({ name: discriminator, columnType: 'DIMENSION', dataType: 'BOOLEAN' });
  if (distinctUserCount) privacy.push({ name: distinctUserCount, columnType: 'METRIC', dataType: 'LONG' });
  if (filteredReason) privacy.push({ name: filteredReason, columnType: 'DIMENSION', dataType: 'STRING' });
  return { columns: [...columns, ...privacy], rows };
}
