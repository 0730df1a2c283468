/**
 * Server-Sent Events over fetch: EventSource cannot send an Authorization header, so the console reads the
 * contract's `text/event-stream` with fetch (bearer token, refresh on 401) and eventsource-parser. A dropped
 * connection, or a stream the server ends before its final event (a restart or drain), reconnects after the server's
 * `retry:` interval (the server sends the current state first); the stream ends after the final event (a terminal
 * status) or when the caller aborts.
 */
import { createParser } from 'eventsource-parser';
import { authFetch } from './client';

export interface StreamOptions {
  onEvent: (event: string, data: unknown) => void;
  /** The event after which the server ends the stream (a terminal status); an end before it is a drop. */
  isFinal: (event: string, data: unknown) => boolean;
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
      let final = false;
      const parser = createParser({
        onEvent: (e) => {
          const event = e.event ?? 'message';
          const data: unknown = e.data ? JSON.parse(e.data) : null;
          final ||= opts.isFinal(event, data);
          opts.onEvent(event, data);
        },
        onRetry: (ms) => (retryMs = ms),
      });
      const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
      for (;;) {
        const { value, done } = await reader.read();
        if (done) {
          if (final) return; // the server ended the stream after a terminal status
          throw new Error('the server ended the stream early'); // (restart, drain, a failed read): reconnect
        }
        parser.feed(value);
      }
    } catch (err) {
      if (opts.signal.aborted) return;
      opts.onError?.(err);
      await new Promise((r) => setTimeout(r, retryMs));
    }
  }
}
