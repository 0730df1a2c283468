/**
 * Server-Sent Events plumbing: headers, `event:`/`data:` frames, heartbeats (comment lines) and cleanup. The
 * stream holds no database connection or transaction: each update is one short read, if any.
 */
import type { Request, Response } from 'express';

export interface SseStream {
  send(event: string, data: unknown): void;
  close(): void;
  closed: boolean;
}

export function openSse(req: Request, res: Response, heartbeatSeconds: number, onClose: () => void): SseStream {
  res.status(200).set({
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-cache, no-transform',
    Connection: 'keep-alive',
    'X-Accel-Buffering': 'no', // no proxy buffering (nginx)
  });
  res.flushHeaders();
  res.write('retry: 3000\n\n');
  let seq = 0;
  const heartbeat = setInterval(
    () => res.write(`: heartbeat ${new Date().toISOString()}\n\n`),
    heartbeatSeconds * 1000,
  );
  const stream: SseStream = {
    closed: false,
    send(event, data) {
      if (stream.closed) return;
      seq += 1;
      res.write(`id: ${seq}\nevent: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    },
    close() {
      if (stream.closed) return;
      stream.closed = true;
      clearInterval(heartbeat);
      onClose();
      res.end();
    },
  };
  req.on('close', () => stream.close());
  return stream;
}
