/**
 * Server-Sent Events over fetch: EventSource cannot send an Authorization header, so the console reads the
 * contract's `text/event-stream` with fetch (bearer token, refresh on 401) and eventsource-parser. A dropped
 * connection reconnects after the server's `retry:` interval (the server sends the current state first); the
 * stream ends when the server ends it after a terminal status, or when the caller aborts.
 */
import { createParser } from 'eventsource-parser';
import { authFetch } from './client';

export interface StreamOptions {
  onEvent: (event: string, data: unknown) => void;
  /** Called with the error of a failed attempt (shown to the user); the stream retries unless aborted. */
  onError?: (err: unknown) => void;
  signal: AbortSignal;
}

export async function streamEvents(path: string, opts: StreamOptions): Promise<void> {
  let retryMs = 3000;
  while (!opts.signal.aborted) {
    try {
      const res = await authFetch(new Request(path, { headers: { accept: 'text/event-stream' }, signal: opts.signal }));
      if (!res.ok || !res.body) throw new Error(`live updates failed (${res.status})`);
      const parser = createParser({
        onEvent: (e) => opts.onEvent(e.event ?? 'message', e.data ? JSON.parse(e.data) : null),
        onRetry: (ms) => (retryMs = ms),
      });
      const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return; // the server ended the stream: the status is terminal
        parser.feed(value);
      }
    } catch (err) {
      if (opts.signal.aborted) return;
      opts.onError?.(err);
      await new Promise((r) => setTimeout(r, retryMs));
    }
  }
}
