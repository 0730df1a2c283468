/**
 * Result files live behind pre-signed S3 URLs: a plain GET with no Amazon headers. Files may be gzipped
 * (sniffed by the 1f 8b magic bytes, as other AMC clients do), so the stream is gunzipped when needed.
 */
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { createGunzip } from 'node:zlib';
import { type AmcApiError, amcErrorFromResponse } from './errors';
import { fetchWithTimeout, toTransportError, type FetchImpl } from './amc-http';

export async function openDownload(
  fetchImpl: FetchImpl,
  timeoutMs: number,
  url: string,
  signal?: AbortSignal,
): Promise<Readable> {
  const response = await fetchWithTimeout(fetchImpl, timeoutMs, url, { method: 'GET', ...(signal && { signal }) });
  if (!response.ok) throw await downloadError(response);
  if (response.body === null) return Readable.from([]);
  const source = Readable.fromWeb(response.body as WebReadableStream<Uint8Array>);
  return sniffGzip(source, timeoutMs);
}

async function downloadError(response: Response): Promise<AmcApiError> {
  const text = await response.text().catch(() => '');
  const code = /<Code>([^<]*)<\/Code>/.exec(text)?.[1];
  const message = /<Message>([^<]*)<\/Message>/.exec(text)?.[1];
  const requestId = /<RequestId>([^<]*)<\/RequestId>/.exec(text)?.[1] ?? response.headers.get('x-amz-request-id');
  let details = [code, message].filter(Boolean).join(': ') || `HTTP ${response.status}`;
  if (response.status === 403 && /expired/i.test(text)) {
    details = `Download URL has expired; request new downloadUrls (${details})`;
  } else if (response.status === 403) {
    details = `Download URL was refused; it may have expired or been altered (${details})`;
  }
  return amcErrorFromResponse({ status: response.status, details, requestId: requestId ?? undefined });
}

/** Reads until two bytes are known, then returns either the raw stream or a gunzipping one. */
async function sniffGzip(source: Readable, timeoutMs: number): Promise<Readable> {
  const iterator = source[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const head: Buffer[] = [];
  let size = 0;
  let done = false;
  try {
    while (size < 2) {
      const next = await iterator.next();
      if (next.done) {
        done = true;
        break;
      }
      const chunk = Buffer.from(next.value);
      head.push(chunk);
      size += chunk.length;
    }
  } catch (err) {
    throw toTransportError(err, timeoutMs);
  }
  const first = Buffer.concat(head);
  async function* replay(): AsyncGenerator<Buffer> {
    if (first.length > 0) yield first;
    if (done) return;
    for (;;) {
      const next = await iterator.next();
      if (next.done) return;
      yield Buffer.from(next.value);
    }
  }
  const replayed = Readable.from(replay());
  if (first.length >= 2 && first[0] === 0x1f && first[1] === 0x8b) {
    const gunzip = createGunzip();
    replayed.on('error', (err) => gunzip.destroy(err));
    return replayed.pipe(gunzip);
  }
  return replayed;
}
