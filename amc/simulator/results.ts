/**
 * Deterministic synthetic results: one CSV with a header row of the query's output column names and
 * 5–20 rows (or `resultRows`), seeded by the SQL, the resolved window and the parameter values — so the
 * same query over the same window always yields the same file.
 */
import { stringify } from 'csv-stringify/sync';
import type { AmcOutputColumn } from '../client/types';
import { hash32 } from './ids';
import type { SimExecution } from './state';

const DAY_MS = 86_400_000;
const WORDS: [RegExp, string[]][] = [
  [
    /campaign/i,
    [
      'Summer Sale SP',
      'Brand Awareness DSP',
      'Retargeting',
      'Prime Day Push',
      'Holiday Gifting',
      'Always On',
      'New Launch',
      'Competitor Conquest',
    ],
  ],
  [/advertiser|brand/i, ['Demo Brand', 'Acme Outdoors', 'Northwind Goods', 'Blue Harbor']],
  [/device/i, ['Desktop', 'Phone', 'Tablet', 'TV']],
  [/ad_product|product_type/i, ['SPONSORED_PRODUCTS', 'SPONSORED_BRANDS', 'SPONSORED_DISPLAY', 'DSP']],
  [/segment/i, ['In-market: Outdoor Gear', 'Lifestyle: Fitness', 'In-market: Home Audio', 'Lifestyle: Travelers']],
  [/channel|supply/i, ['Amazon O&O', 'Third-party exchange', 'Twitch', 'Fire TV']],
];

/** mulberry32: tiny seeded PRNG. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function resultRowCount(sqlQuery: string, fixed: number | undefined): number {
  return fixed ?? 5 + (hash32(sqlQuery) % 16);
}

function value(col: AmcOutputColumn, row: number, rand: () => number, e: SimExecution): string {
  const name = col.name;
  const type = String(col.dataType).toUpperCase();
  const pick = (list: string[]) =>
    list[row % list.length]! + (row >= list.length ? ` ${Math.floor(row / list.length) + 1}` : '');
  switch (type) {
    case 'LONG':
    case 'INTEGER':
    case 'SHORT':
    case 'BYTE':
      if (col.columnType === 'METRIC') return String(Math.floor(100 + rand() * 99_900));
      if (/hour/i.test(name)) return String(row % 24);
      if (/year/i.test(name)) return String(2024 + (row % 2));
      if (/id$/i.test(name)) return String(1_000_000_000 + Math.floor(rand() * 8_999_999_999));
      return String(row + 1);
    case 'DOUBLE':
    case 'FLOAT':
    case 'DECIMAL':
      return (rand() * 10_000).toFixed(col.dataTypeScale ?? 2);
    case 'BOOLEAN':
      return rand() < 0.8 ? 'false' : 'true';
    case 'DATE':
    case 'TIMESTAMP': {
      const start = e.window.startMs ?? e.createdAtMs - 7 * DAY_MS;
      const days = Math.max(1, Math.round(((e.window.endMs ?? start + 7 * DAY_MS) - start) / DAY_MS));
      const iso = new Date(
        start + (row % days) * DAY_MS + (type === 'TIMESTAMP' ? (row % 24) * 3_600_000 : 0),
      ).toISOString();
      return type === 'DATE' ? iso.slice(0, 10) : `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
    }
    default: {
      if (/asin/i.test(name))
        return `B0${(hash32(`${name}:${row}`) % 1e8).toString(36).toUpperCase().padStart(8, 'X')}`;
      const words = WORDS.find(([re]) => re.test(name));
      return words ? pick(words[1]) : `${name}_${row + 1}`;
    }
  }
}

/** The CSV of a SUCCEEDED execution; privacy columns (if named) are among outputColumns already. */
export function renderResultCsv(e: SimExecution, fixedRows: number | undefined): string {
  let out = '';
  for (const chunk of syntheticCsv(e, 0, resultRowCount(e.sqlQuery, fixedRows))) out += chunk;
  return out;
}

/**
 * The CSV of rows [from, to) of a synthetic result, header first, as ~64 KiB strings: large results (millions of
 * rows, split over several files) are generated as they are sent, never held in memory. Each file (`from`) has its
 * own seeded sequence, so any file can be produced alone; the first file is what `renderResultCsv` returns.
 */
export function* syntheticCsv(e: SimExecution, from: number, to: number): Generator<string> {
  const base = hash32(`${e.sqlQuery}|${e.window.startMs}|${e.window.endMs}|${JSON.stringify(e.effectiveParameters)}`);
  const rand = prng(from === 0 ? base : hash32(`${base}|${from}`));
  const { discriminator, distinctUserCount, filteredReason } = e.privacyColumns;
  const cell = (c: AmcOutputColumn, r: number): string => {
    // Rows that passed the thresholds: not filtered, no reason, user count capped at 100 (reference §5.1).
    if (c.name === discriminator) return 'false';
    if (c.name === filteredReason) return '';
    if (c.name === distinctUserCount) return '100';
    return value(c, r, rand, e);
  };
  let batch: string[][] = [e.outputColumns.map((c) => c.name)];
  for (let r = from; r < to; r++) {
    batch.push(e.outputColumns.map((c) => cell(c, r)));
    if (batch.length === 1000) {
      yield stringify(batch);
      batch = [];
    }
  }
  if (batch.length > 0) yield stringify(batch);
}
