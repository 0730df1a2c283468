/**
 * The AMC SQL corpus (test/fixtures/amc-sql/*.sql): queries written after published AMC queries, each with a
 * machine-readable header (source, constructs, tables, parameters, values, expect, optionally expect-api and needs).
 * This module reads them, turns a query into what users paste (comments, odd indentation, no-break spaces,
 * semicolons, mixed case), and prints outcome tables by source and by construct.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { AmcInputParameter } from '../../amc/client/types';
import type { ParameterDefinition } from '../../db/tables';
import { placeholdersOf, renderSql } from '../../lib/sql-parameters';
import { sqlRegions } from '../../lib/sql-scan';

export const CORPUS_DIR = path.join(__dirname, '..', 'fixtures', 'amc-sql');

export type Expectation = { kind: 'rows' } | { kind: 'refused'; code: string; reason: string };

export interface CorpusQuery {
  file: string;
  source: string;
  constructs: string[];
  tables: string[];
  parameters: Record<string, ParameterDefinition>;
  values: Record<string, unknown>;
  expect: Expectation;
  /** Where RecomAMP's API refuses the query before AMC sees it (a 400 at save), its expectation; else `expect`. */
  expectApi: Expectation;
  needs: string[];
  /** The query as written, without the header block. */
  sql: string;
}

const HEADER = /^--\s*(source|constructs|tables|parameters|values|expect|expect-api|needs):\s?(.*)$/;

function expectationOf(file: string, text: string): Expectation {
  const refused = /^refused\s+([A-Z_]+)\s+(.+)$/.exec(text);
  if (text === 'rows') return { kind: 'rows' };
  if (refused) return { kind: 'refused', code: refused[1]!, reason: refused[2]! };
  throw new Error(`${file}: expect must be "rows" or "refused <CODE> <reason>", not "${text}"`);
}

/** Splits a header list at commas outside parentheses and quotes: `ARRAY_CONTAINS(p, 'a, b')` stays one item. */
function splitTopLevel(text: string): string[] {
  const items: string[] = [];
  let depth = 0;
  let quote: string | null = null;
  let current = '';
  for (const ch of text) {
    if (quote) {
      if (ch === quote) quote = null;
    } else if (ch === "'" || ch === '"') quote = ch;
    else if (ch === '(') depth++;
    else if (ch === ')') depth = Math.max(0, depth - 1);
    else if (ch === ',' && depth === 0) {
      items.push(current);
      current = '';
      continue;
    }
    current += ch;
  }
  return [...items, current];
}

export function parseCorpusFile(file: string, text: string): CorpusQuery {
  const lines = text.split('\n');
  const header: Record<string, string> = {};
  let i = 0;
  for (; i < lines.length; i++) {
    const m = HEADER.exec(lines[i]!);
    if (!m) break;
    header[m[1]!] = m[2]!.trim();
  }
  for (const key of ['source', 'constructs', 'tables', 'parameters', 'values', 'expect']) {
    if (header[key] === undefined) throw new Error(`${file}: header line "-- ${key}:" is missing`);
  }
  const list = (s: string | undefined) =>
    splitTopLevel(s ?? '')
      .map((x) => x.trim())
      .filter(Boolean);
  const expectation = expectationOf(file, header.expect!);
  return {
    file,
    source: header.source!,
    constructs: list(header.constructs),
    tables: list(header.tables),
    parameters: JSON.parse(header.parameters!) as Record<string, ParameterDefinition>,
    values: JSON.parse(header.values!) as Record<string, unknown>,
    expect: expectation,
    expectApi: header['expect-api'] === undefined ? expectation : expectationOf(file, header['expect-api']),
    needs: list(header.needs),
    sql: lines.slice(i).join('\n').trim(),
  };
}

export function loadCorpus(): CorpusQuery[] {
  return readdirSync(CORPUS_DIR)
    .filter((f) => f.endsWith('.sql'))
    .sort()
    .map((f) => parseCorpusFile(f, readFileSync(path.join(CORPUS_DIR, f), 'utf8')));
}

/** An audience query reads *_for_audiences tables; everything else that expects rows is a measurement query. */
export const isAudience = (q: CorpusQuery) => q.tables.some((t) => t.endsWith('_for_audiences'));
export const isValidMeasurement = (q: CorpusQuery) => q.expect.kind === 'rows' && !isAudience(q);

/** Names used as CUSTOM_PARAMETER('x') in the SQL. */
export function customParameterNames(sql: string): string[] {
  return [...new Set([...sql.matchAll(/CUSTOM_PARAMETER\s*\(\s*'([^']+)'\s*\)/gi)].map((m) => m[1]!))];
}

/** The AMC inputParameters declaration of the query's CUSTOM_PARAMETER names (AMC's dataType spelling). */
export function amcInputParameters(q: CorpusQuery, sql = q.sql): AmcInputParameter[] {
  return customParameterNames(sql).flatMap((name) => {
    const def = q.parameters[name];
    if (!def) return [];
    const scalar = { string: 'STRING', number: 'LONG', date: 'DATE', timestamp: 'TIMESTAMP' } as const;
    const dataType =
      def.type === 'string_list'
        ? { type: 'ARRAY' as const, elementDataType: 'STRING' as const }
        : def.type === 'number_list'
          ? { type: 'ARRAY' as const, elementDataType: 'LONG' as const }
          : scalar[def.type];
    const p: AmcInputParameter = { name, dataType };
    if (def.default !== undefined) p.defaultValue = def.default;
    else if (def.required === false) p.defaultValue = null;
    return [p];
  });
}

/** Values for the query's CUSTOM_PARAMETER names (AMC's parameterValues). */
export function amcParameterValues(q: CorpusQuery, sql = q.sql): Record<string, unknown> {
  const names = new Set(customParameterNames(sql));
  return Object.fromEntries(Object.entries(q.values).filter(([k]) => names.has(k)));
}

/** The SQL with its {{x}} placeholders rendered (lib/sql-parameters, inside string literals too), as the API sends it. */
export function renderPlaceholders(q: CorpusQuery, sql = q.sql): string {
  const names = placeholdersOf(sql);
  if (names.length === 0) return sql;
  const defs = Object.fromEntries(names.map((n) => [n, q.parameters[n]!]));
  return renderSql(sql, defs, placeholderValues(q, sql)).sql;
}

/** Values for the query's {{x}} placeholders (the API's execute `parameters`). */
export function placeholderValues(q: CorpusQuery, sql = q.sql): Record<string, unknown> {
  const names = new Set(placeholdersOf(sql));
  return Object.fromEntries(Object.entries(q.values).filter(([k]) => names.has(k)));
}

/** The parameter declarations the API needs for the query ({{x}} and CUSTOM_PARAMETER). */
export function declaredParameters(q: CorpusQuery, sql = q.sql): Record<string, ParameterDefinition> {
  const used = new Set([...placeholdersOf(sql), ...customParameterNames(sql)]);
  return Object.fromEntries(Object.entries(q.parameters).filter(([k]) => used.has(k)));
}

/** The execute body's `parameters`: values for every declared parameter the query uses, either style. */
export function apiParameterValues(q: CorpusQuery, sql = q.sql): Record<string, unknown> {
  const declared = declaredParameters(q, sql);
  return Object.fromEntries(Object.entries(q.values).filter(([k]) => Object.hasOwn(declared, k)));
}

// --- what users paste -------------------------------------------------------------------------------------------

const NBSP = '\u00A0';

/** A deterministic pseudo-random stream (mulberry32), so every run pastes the same way. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function seedOf(text: string): number {
  let h = 2166136261;
  for (const ch of text) h = Math.imul(h ^ ch.charCodeAt(0), 16777619);
  return h >>> 0;
}

/**
 * The query as a user pastes it from a web page or another editor: a comment line before it and a comment at its
 * end, indentation re-done with tabs and spaces, no-break spaces (U+00A0) for some spaces, keywords and
 * identifiers in upper or lower case, and a trailing semicolon. String literals, quoted identifiers, comments
 * and {{placeholders}} are left as they were, so the query means the same.
 */
export function pasteLikeAUser(sql: string): string {
  const rnd = random(seedOf(sql));
  const regions = sqlRegions(sql);
  const braces = [...sql.matchAll(/\{\{[^{}]*\}\}/g)].map((m) => ({ start: m.index, end: m.index + m[0].length }));
  const protectedAt = (i: number) =>
    regions.some((r) => i >= r.start && i < r.end) || braces.some((b) => i >= b.start && i < b.end);
  const upper = rnd() < 0.5;
  let out = '';
  let atLineStart = true;
  for (let i = 0; i < sql.length; i++) {
    const ch = sql[i]!;
    if (protectedAt(i)) {
      out += ch;
      atLineStart = false;
      continue;
    }
    if (ch === '\n') {
      out += '\n';
      atLineStart = true;
      continue;
    }
    if (atLineStart && (ch === ' ' || ch === '\t')) continue; // indentation is redone below
    if (atLineStart) {
      const depth = Math.floor(rnd() * 4);
      out += ['', '\t', '    ', `${NBSP}${NBSP}`][depth];
      atLineStart = false;
    }
    if (ch === ' ') out += rnd() < 0.3 ? NBSP : ' ';
    else if (/[A-Za-z]/.test(ch)) out += upper ? ch.toUpperCase() : ch.toLowerCase();
    else out += ch;
  }
  return `-- pasted from the AMC query editor\n${out.trimEnd()}  /* end of query */;\n`;
}

// --- outcome tables --------------------------------------------------------------------------------------------

export type Outcome = 'rows' | 'refused as expected' | 'SANDBOX_UNSUPPORTED' | 'wrong outcome';

export interface OutcomeRecord {
  query: CorpusQuery;
  outcome: Outcome;
  detail: string;
}

/** The publisher a source line names (for the table by source). */
export function sourceFamily(source: string): string {
  if (/RecomAMP/i.test(source)) return 'RecomAMP build guides (neverMEH/amazon-helper)';
  if (/Instructional Query/i.test(source)) return 'Amazon Instructional Query library';
  if (/optimisation guide/i.test(source)) return 'Amazon AMC SQL optimisation guide';
  if (/playbook/i.test(source)) return 'Amazon AMC playbooks';
  if (/audiences guide/i.test(source)) return 'Amazon AMC audiences guide';
  if (/notebook|ads-advanced-tools/i.test(source)) return 'Amazon AMC notebook';
  if (/recorded compile error/i.test(source)) return 'AMC behaviour recorded by API clients';
  if (
    /SQL (reference|examples|basics)|aggregation thresholds guide|sandbox guide|reporting guide|data source/i.test(
      source,
    )
  )
    return 'Amazon AMC SQL guide and data-source docs';
  return 'other';
}

function table(title: string, keyOf: (r: OutcomeRecord) => string[], records: OutcomeRecord[]): string {
  const outcomes: Outcome[] = ['rows', 'refused as expected', 'SANDBOX_UNSUPPORTED', 'wrong outcome'];
  const rows = new Map<string, Record<Outcome, number>>();
  for (const r of records) {
    for (const key of keyOf(r)) {
      const row = rows.get(key) ?? Object.fromEntries(outcomes.map((o) => [o, 0]) as [Outcome, number][]);
      row[r.outcome]++;
      rows.set(key, row as Record<Outcome, number>);
    }
  }
  const lines = [
    `### ${title}`,
    '',
    `| ${title.replace(/^by /, '')} | ${outcomes.join(' | ')} |`,
    `|---|${outcomes.map(() => '---:').join('|')}|`,
  ];
  for (const [key, row] of [...rows.entries()].sort((a, b) => a[0].localeCompare(b[0])))
    lines.push(`| ${key} | ${outcomes.map((o) => row[o]).join(' | ')} |`);
  return lines.join('\n');
}

/** Markdown outcome tables by source and by construct, plus the queries that did not return rows; saved to a file. */
export function writeOutcomeReport(pass: string, records: OutcomeRecord[]): { file: string; text: string } {
  const misses = records
    .filter((r) => r.outcome !== 'rows' && r.outcome !== 'refused as expected')
    .map((r) => `- ${r.query.file}: ${r.outcome} — ${r.detail}`);
  const text = [
    `## AMC SQL corpus — ${pass}`,
    '',
    `${records.length} queries: ${records.filter((r) => r.outcome === 'rows').length} returned rows, ${records.filter((r) => r.outcome === 'refused as expected').length} refused as expected, ${records.filter((r) => r.outcome === 'SANDBOX_UNSUPPORTED').length} SANDBOX_UNSUPPORTED, ${records.filter((r) => r.outcome === 'wrong outcome').length} wrong.`,
    '',
    table('by source', (r) => [sourceFamily(r.query.source)], records),
    '',
    table('by construct', (r) => r.query.constructs, records),
    '',
    '### Not returning rows or the expected refusal',
    '',
    ...(misses.length > 0 ? misses : ['- none']),
    '',
  ].join('\n');
  const dir = path.join(tmpdir(), 'recomamp-sql-corpus');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${pass.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}.md`);
  writeFileSync(file, text);
  return { file, text };
}

/** Runs `fn` over `items` with at most `limit` in flight (the sandbox shares one DuckDB per process). */
export async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
