/** Reads a Server-Sent Events stream (fetch + a tiny frame parser) until it ends or `until` says stop. */
export interface SseEvent {
  event: string;
  data: any;
}

export async function readSse(
  url: string,
  token: string,
  opts: { until?: (events: SseEvent[]) => boolean; timeoutMs?: number; onOpen?: () => Promise<void> | void } = {},
): Promise<{ status: number; contentType: string | null; events: SseEvent[]; comments: string[] }> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), opts.timeoutMs ?? 30_000);
  const res = await fetch(url, {
    headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' },
    signal: controller.signal,
  });
  const events: SseEvent[] = [];
  const comments: string[] = [];
  if (res.status !== 200 || !res.body) {
    clearTimeout(timer);
    return { status: res.status, contentType: res.headers.get('content-type'), events, comments };
  }
  await opts.onOpen?.();
  const decoder = new TextDecoder();
  let buffer = '';
  try {
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      buffer += decoder.decode(chunk, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const frame = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        let event = 'message';
        const data: string[] = [];
        for (const line of frame.split('\n')) {
          if (line.startsWith(':')) comments.push(line.slice(1).trim());
          else if (line.startsWith('event:')) event = line.slice(6).trim();
          else if (line.startsWith('data:')) data.push(line.slice(5).trim());
        }
        if (data.length > 0) events.push({ event, data: JSON.parse(data.join('\n')) });
      }
      if (opts.until?.(events)) {
        controller.abort();
        break;
      }
    }
  } catch (err) {
    if (!controller.signal.aborted) throw err;
  } finally {
    clearTimeout(timer);
  }
  return { status: res.status, contentType: res.headers.get('content-type'), events, comments };
}
