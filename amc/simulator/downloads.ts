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
import { renderResultCsv } from './results';
import type { SimExecution, SimState } from './state';
import { isoSeconds } from './ids';
import { delay } from './responses';

const FILES = { csv: 'part-00000.csv', metadata: 'metadata.json' } as const;

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

  function urlsFor(e: SimExecution, baseUrl: string) {
    const now = Date.now();
    const dir = `/__sim/s3/${e.workflowExecutionId}`;
    return {
      downloadUrls: [presign(baseUrl, `${dir}/${FILES.csv}`, now)],
      metadataDownloadUrls: [presign(baseUrl, `${dir}/${FILES.metadata}`, now)],
    };
  }

  const router = Router();
  router.get('/__sim/s3/:executionId/:file', async (req: Request, res: Response) => {
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
    if (req.params.file === FILES.metadata) {
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
    if (req.params.file !== FILES.csv) return s3Error(res, 404, 'NoSuchKey', 'The specified key does not exist.');
    const csv = e.result
      ? stringify([e.result.columns.map((c) => c.name), ...e.result.rows.map((r) => r.map((v) => v ?? ''))])
      : renderResultCsv(e, options.resultRows);
    if (options.gzipResults) return void res.type('application/gzip').send(gzipSync(csv));
    res.type('text/csv; charset=utf-8').send(csv);
  });

  return { router, urlsFor };
}
