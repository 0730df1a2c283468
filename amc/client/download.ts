/**
 * Result files live behind pre-signed S3 URLs: a plain GET with no Amazon headers. Files may be gzipped
 * (sniffed by the 1f 8b magic bytes, as other AMC clients do), so the stream is gunzipped when needed.
 */
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { createGunzip } from 'node:zlib';
import { type AmcApiError, amcErrorFromResponse } from './errors';
import { toTransportError, type FetchImpl } from './amc-http';

/**
 * Opens one result file. `idleTimeoutMs` bounds the wait for the response and every wait for the next chunk, not
 * the whole body: a large file streamed slowly but steadily is never cut off, a stalled one is, within that time.
 * Time the caller spends between reads (backpressure) does not count. Aborting `signal` (the activity cancelled,
 * e.g. its worker shutting down) stops the download at once with the signal's reason.
 */
export async function openDownload(
  fetchImpl: FetchImpl,
  idleTimeoutMs: number,
  url: string,
  signal?: AbortSignal,
): Promise<Readable> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const stall = () => new DOMException(`no data for ${idleTimeoutMs} ms`, 'TimeoutError');
  const arm = () => (timer = setTimeout(() => controller.abort(stall()), idleTimeoutMs));
  const disarm = () => clearTimeout(timer);
  const cancel = () => controller.abort(signal?.reason);
  if (signal?.aborted) throw signal.reason;
  signal?.addEventListener('abort', cancel, { once: true });
  /** A cancellation is reported as itself, not as a transport failure to retry. */
  const failure = (err: unknown) => (signal?.aborted ? signal.reason : toTransportError(err, idleTimeoutMs));
  arm();
  let response: Response;
  try {
    response = await fetchImpl(url, { method: 'GET', signal: controller.signal });
  } catch (err) {
    disarm();
    signal?.removeEventListener('abort', cancel);
    throw failure(err);
  } finally {
    disarm();
  }
  if (!response.ok) throw await downloadError(response);
  if (response.body === null) return Readable.from([]);
  const reader = (response.body as WebReadableStream<Uint8Array>)[Symbol.asyncIterator]();
  async function* watched(): AsyncGenerator<Buffer> {
    try {
      for (;;) {
        arm();
        let next: IteratorResult<Uint8Array>;
        try {
          next = await reader.next();
        } catch (err) {
          throw failure(err);
        } finally {
          disarm();
        }
        if (next.done) return;
        yield Buffer.from(next.value);
      }
    } finally {
      disarm();
      signal?.removeEventListener('abort', cancel);
      if (!controller.signal.aborted) controller.abort(); // the consumer stopped early: release the connection
    }
  }
  return sniffGzip(Readable.from(watched()), idleTimeoutMs);
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
