/**
 * Storing an execution's results (the `storeAmcResults` activity): AMC's result files, one after another, each
 * downloaded to a local file and then COPYed into Postgres in a transaction of its own.
 *
 * - A slow download is never cut off while data flows: the AMC client's timeout bounds the gaps between chunks
 *   (amc/client/download.ts), not the whole body.
 * - Heartbeats go out on a timer, whatever the download's pace, with the file, bytes and rows reached as details;
 *   a dead worker is noticed within the heartbeat timeout.
 * - A retried attempt resumes from the first file not stored yet (each stored file is committed whole).
 * - Download URLs expire (~10 min): they are fetched fresh for every file, and again when a file answers 403
 *   expired.
 * - At most `concurrency` downloads run at once in a worker; the others wait (heartbeating) for a place.
 * - A pooled Postgres connection is held only for a file's COPY from the local copy, never while the network is
 *   slow.
 */
import { createWriteStream, createReadStream, promises as fsp } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Context, heartbeat } from '@temporalio/activity';
import { AmcApiError, type AmcClient } from '../amc/client';
import type { ExecutionResultsDb } from '../db/execution-results';
import type { ExecutionsDb } from '../db/executions';
import type { ExecutionRow } from '../db/tables';
import { createSemaphore } from '../lib/semaphore';
import type { WithAmc } from './amc-session';

export interface ResultDownloadSettings {
  /** Downloads at once per worker (AMC_DOWNLOAD_CONCURRENCY). */
  concurrency: number;
  /** Where files are spooled before their COPY (default: the OS temp directory). */
  spoolDir?: string;
}

export const DEFAULT_RESULT_DOWNLOADS: ResultDownloadSettings = { concurrency: 4 };

interface Deps {
  amc: AmcClient;
  withAmc: WithAmc;
  executions: ExecutionsDb;
  executionResults: ExecutionResultsDb;
  settings: ResultDownloadSettings;
}

/** What each heartbeat reports (visible as the activity's heartbeat details in the Temporal UI). */
interface DownloadProgress {
  phase: 'waiting for a download slot' | 'downloading' | 'storing' | 'done';
  file: number;
  files: number;
  bytes: number;
  rows: number;
  /** The activity attempt that reported it (a later attempt names the one it took over from). */
  attempt: number;
}

/** A download URL that expired before (or while) it was used: fetch fresh URLs and try the file again. */
const isExpiredUrl = (err: unknown) => err instanceof AmcApiError && err.status === 403 && /expired/i.test(err.details);

const target = (row: ExecutionRow) => ({ userId: row.user_id, instanceUuid: row.instance_id });

export function createResultDownloader(deps: Deps) {
  const { amc, withAmc, executions, executionResults } = deps;
  const places = createSemaphore(deps.settings.concurrency);
  const spoolDir = deps.settings.spoolDir ?? os.tmpdir();

  /** The result files' current URLs (each call gets freshly signed ones). */
  const downloadUrls = (row: ExecutionRow) =>
    withAmc(target(row), async (ctx) => (await amc.getDownloadUrls(ctx, row.amc_execution_id!)).downloadUrls);

  /**
   * Downloads file `i` to a local file (bytes counted into `progress`); a fresh URL each try. `justFetched`: URLs
   * signed moments ago (the attempt's first file), used for the first try instead of asking AMC again.
   */
  async function spool(
    row: ExecutionRow,
    i: number,
    progress: DownloadProgress,
    signal: AbortSignal,
    justFetched?: string[],
  ): Promise<string> {
    for (let refreshed = 0; ; refreshed++) {
      const url = (refreshed === 0 && justFetched ? justFetched : await downloadUrls(row))[i];
      if (!url) throw new Error(`AMC no longer lists result file ${i + 1} of execution ${row.amc_execution_id}`);
      const file = path.join(spoolDir, `recomamp-result-${row.id}-${i}-${randomUUID()}.csv`);
      try {
        const counter = new Transform({
          transform(chunk: Buffer, _enc, done) {
            progress.bytes += chunk.length;
            done(null, chunk);
          },
        });
        await pipeline(await amc.openDownload(url, signal), counter, createWriteStream(file), { signal });
        return file;
      } catch (err) {
        await fsp.rm(file, { force: true });
        if (isExpiredUrl(err) && refreshed < 2) continue;
        throw err;
      }
    }
  }

  return async function storeAmcResults(executionId: string): Promise<{ rowCount: number }> {
    const ctx = Context.current();
    // Hand-over: an attempt that follows a cancelled one (its worker shut down) finds its last heartbeat.
    const handedOver = ctx.info.heartbeatDetails as DownloadProgress | undefined;
    const progress: DownloadProgress = {
      phase: 'waiting for a download slot',
      file: 0,
      files: 0,
      bytes: 0,
      rows: 0,
      attempt: ctx.info.attempt,
    };
    const beat = () => heartbeat({ ...progress });
    // On a timer: a third of the heartbeat timeout (the SDK throttles what it sends), at most every 10 s.
    const everyMs = Math.min(10_000, Math.max(200, (ctx.info.heartbeatTimeoutMs ?? 30_000) / 3));
    beat();
    const timer = setInterval(beat, everyMs);
    try {
      const release = await places.acquire(ctx.cancellationSignal);
      try {
        const row = await executions.get(executionId);
        const { columnTypes, files, urls } = await withAmc(target(row), async (c) => {
          const [execution, urls] = await Promise.all([
            amc.getExecution(c, row.amc_execution_id!),
            amc.getDownloadUrls(c, row.amc_execution_id!),
          ]);
          const types = Object.fromEntries((execution.outputColumns ?? []).map((o) => [o.name, String(o.dataType)]));
          return { columnTypes: types, files: urls.downloadUrls.length, urls: urls.downloadUrls };
        });
        const resume = await executionResults.resumePoint(executionId);
        let { rowCount, nextChunk } = resume;
        progress.files = files;
        progress.rows = rowCount;
        for (let i = resume.files; i < files; i++) {
          progress.file = i + 1;
          progress.phase = 'downloading';
          const local = await spool(row, i, progress, ctx.cancellationSignal, i === resume.files ? urls : undefined);
          try {
            progress.phase = 'storing';
            const stored = await executionResults.storeFile(
              executionId,
              createReadStream(local),
              columnTypes,
              { fileNumber: i, rowsBefore: rowCount, nextChunk },
              (rows) => (progress.rows = rows),
            );
            rowCount += stored.rowCount;
            nextChunk += stored.chunks;
            progress.rows = rowCount;
          } finally {
            await fsp.rm(local, { force: true });
          }
        }
        progress.phase = 'done';
        const columns = (await executions.get(executionId)).result_columns ?? [];
        const takeover = handedOver
          ? ` (attempt ${progress.attempt} took over from attempt ${handedOver.attempt}, stopped after ${handedOver.rows} rows)`
          : '';
        await executions.transition(
          executionId,
          { status: 'SUCCEEDED', row_count: rowCount, result_columns: columns, completed_at: new Date() },
          `stored ${rowCount} rows${takeover}`,
        );
        return { rowCount };
      } finally {
        release();
      }
    } finally {
      clearInterval(timer);
    }
  };
}
