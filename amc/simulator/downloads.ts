/**
 * Pre-signed result URLs and the fake S3 that serves them. URLs look like S3 SigV4 query-signed URLs;
 * the signature is an HMAC (secret per simulator) over path, X-Amz-Date and X-Amz-Expires, so a tampered
 * or expired URL is refused with S3-style XML, and downloads need no auth headers.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { stringify } from 'csv-stringify/sync';
import { Router, type Request, type Response } from 'express';
import type { SimulatorOptions } from './options';
import { resultRowCount, syntheticCsv } from './results';
import type { SimExecution, SimState } from './state';
import { isoSeconds } from './ids';
import { delay } from './responses';

const METADATA_FILE = 'metadata.json';
const partFile = (i: number) => `part-${String(i).padStart(5, '0')}.csv`;
const PART_FILE = /^part-(\d{5})\.csv$/;

/** Counters of result-file downloads since start (GET /__sim/stats `downloads`). */
export interface DownloadStats {
  /** Result-file requests received, counted on arrival (before a `downloadDelayMs` hold). */
  requested: number;
  /** Result-file requests answered with a file (any part). */
  started: number;
  /** Files sent to the end. */
  completed: number;
  bytes: number;
  /** Files being sent right now, and the most at once. */
  active: number;
  peakConcurrent: number;
  /** Requests per file URL path (execution/part), so a test can prove each file was fetched once. */
  byFile: Record<string, number>;
}

/** Sends `chunks` at most `bytesPerSecond` fast (0 = unthrottled), honouring backpressure; false if the client left. */
async function sendPaced(
  res: Response,
  chunks: Iterable<string | Buffer>,
  bytesPerSecond: number,
  onBytes: (n: number) => void,
): Promise<boolean> {
  const started = Date.now();
  let sent = 0;
  for (const chunk of chunks) {
    if (res.destroyed) return false;
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    // Small slices, so a throttled file trickles steadily instead of in bursts.
    const slice = bytesPerSecond > 0 ? Math.max(1024, Math.floor(bytesPerSecond / 20)) : buf.length;
    for (let at = 0; at < buf.length; at += slice) {
      const part = buf.subarray(at, at + slice);
      if (bytesPerSecond > 0) {
        const due = started + (sent / bytesPerSecond) * 1000;
        if (due > Date.now()) await delay(due - Date.now());
      }
      if (res.destroyed) return false;
      if (!res.write(part)) {
        await new Promise<void>((resolve) => {
          const done = () => {
            res.off('drain', done).off('close', done);
            resolve();
          };
          res.on('drain', done).on('close', done);
        });
      }
      sent += part.length;
      onBytes(part.length);
    }
  }
  res.end();
  return true;
}

function amzDate(ms: number): string {
  return isoSeconds(ms).replace(/[-:]/g, ''); // 20250720T140211Z
}

function parseAmzDate(value: string): number {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  return m ? Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!) : NaN;
}

function s3Error(res: Response, status: number, code: string, message: string): void {
  res.status(status).type('application/xml');
  res.send(
    `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message><RequestId>${res.locals.requestId ?? ''}</RequestId></Error>`,
  );
}

export function createDownloads(deps: { state: SimState; options: SimulatorOptions }) {
  const { state, options } = deps;
  const secret = randomBytes(32);
  const sign = (path: string, date: string, expires: string) =>
    createHmac('sha256', secret).update(`${path}\n${date}\n${expires}`).digest('hex');

  function presign(baseUrl: string, path: string, nowMs: number): string {
    const date = amzDate(nowMs);
    const expires = String(options.downloadUrlTtlSeconds);
    const qs = new URLSearchParams({
      'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
      'X-Amz-Date': date,
      'X-Amz-Expires': expires,
      'X-Amz-SignedHeaders': 'host',
      'X-Amz-Signature': sign(path, date, expires),
    });
    return `${baseUrl}${path}?${qs.toString()}`;
  }

  const stats: DownloadStats = {
    requested: 0,
    started: 0,
    completed: 0,
    bytes: 0,
    active: 0,
    peakConcurrent: 0,
    byFile: {},
  };

  /** A result's files as [first row, end row) ranges: synthetic results are split every resultFileRows rows. */
  function filesOf(e: SimExecution): { from: number; to: number }[] {
    if (e.result) return [{ from: 0, to: e.result.rows.length }];
    const rows = resultRowCount(e.sqlQuery, options.resultRows);
    const per = options.resultFileRows;
    const files = Array.from({ length: Math.max(1, Math.ceil(rows / per)) }, (_, i) => ({
      from: i * per,
      to: Math.min(rows, (i + 1) * per),
    }));
    return files;
  }

  function urlsFor(e: SimExecution, baseUrl: string) {
    const now = Date.now();
    const dir = `/__sim/s3/${e.workflowExecutionId}`;
    return {
      downloadUrls: filesOf(e).map((_, i) => presign(baseUrl, `${dir}/${partFile(i)}`, now)),
      metadataDownloadUrls: [presign(baseUrl, `${dir}/${METADATA_FILE}`, now)],
    };
  }

  const router = Router();
  router.get('/__sim/s3/:executionId/:file', async (req: Request, res: Response) => {
    stats.requested += 1;
    if (options.downloadDelayMs > 0) await delay(options.downloadDelayMs);
    const path = req.path;
    const q = req.query as Record<string, string | undefined>;
    const date = q['X-Amz-Date'] ?? '';
    const expires = q['X-Amz-Expires'] ?? '';
    const given = Buffer.from(q['X-Amz-Signature'] ?? '', 'utf8');
    const expected = Buffer.from(sign(path, date, expires), 'utf8');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      return s3Error(
        res,
        403,
        'SignatureDoesNotMatch',
        'The request signature we calculated does not match the signature you provided.',
      );
    }
    if (Date.now() > parseAmzDate(date) + Number(expires) * 1000)
      return s3Error(res, 403, 'AccessDenied', 'Request has expired');
    const e = state.executions.get(String(req.params.executionId));
    if (!e || e.status !== 'SUCCEEDED') return s3Error(res, 404, 'NoSuchKey', 'The specified key does not exist.');
    if (req.params.file === METADATA_FILE) {
      const meta = {
        workflowExecutionId: e.workflowExecutionId,
        workflowId: e.workflowId,
        sqlQuery: e.sqlQuery,
        parameterValues: e.effectiveParameters,
        timeWindowStart: e.window.startMs === undefined ? undefined : isoSeconds(e.window.startMs),
        timeWindowEnd: e.window.endMs === undefined ? undefined : isoSeconds(e.window.endMs),
        outputColumns: e.outputColumns,
      };
      return void res.type('application/json').send(JSON.stringify(meta));
    }
    const part = PART_FILE.exec(String(req.params.file));
    const range = part ? filesOf(e)[Number(part[1])] : undefined;
    if (!range) return s3Error(res, 404, 'NoSuchKey', 'The specified key does not exist.');
    const chunks: Iterable<string | Buffer> = e.result
      ? [stringify([e.result.columns.map((c) => c.name), ...e.result.rows.map((r) => r.map((v) => v ?? ''))])]
      : syntheticCsv(e, range.from, range.to);
    stats.started += 1;
    stats.byFile[path] = (stats.byFile[path] ?? 0) + 1;
    stats.active += 1;
    stats.peakConcurrent = Math.max(stats.peakConcurrent, stats.active);
    try {
      const body = options.gzipResults ? [gzipSync(Buffer.concat([...chunks].map((c) => Buffer.from(c))))] : chunks;
      res.type(options.gzipResults ? 'application/gzip' : 'text/csv; charset=utf-8');
      const done = await sendPaced(res, body, options.downloadBytesPerSecond, (n) => (stats.bytes += n));
      if (done) stats.completed += 1;
    } finally {
      stats.active -= 1;
    }
  });

  return { router, urlsFor, stats: () => ({ ...stats, byFile: { ...stats.byFile } }) };
}
