/**
 * One Postgres LISTEN connection per API process, fanned out to Server-Sent-Event subscribers. The NOTIFYs come
 * from triggers (migration 20261124200000): `recomamp_execution_events` carries the new status,
 * `recomamp_collection_events` the collection id. The connection is opened on the first subscription and
 * reopened (with back-off) when it drops; subscribers are told `onReconnect` so they can re-read what they missed.
 */
import { AsyncResource } from 'node:async_hooks';
import pg from 'pg';
import { pgClientConfig, type DbSettings } from '../db/connection';
import type { Logger } from '../observability/logger';

export const CHANNELS = { execution: 'recomamp_execution_events', collection: 'recomamp_collection_events' } as const;
export type Channel = keyof typeof CHANNELS;

export interface HubMessage {
  id: string;
  [key: string]: unknown;
}

interface Subscriber {
  onMessage(msg: HubMessage): void;
  onReconnect(): void;
}

export interface EventHub {
  /** Resolves once LISTEN is active, so nothing committed after it is missed. Returns the unsubscribe function. */
  subscribe(channel: Channel, id: string, sub: Subscriber): Promise<() => void>;
  close(): Promise<void>;
}

export function createEventHub(opts: { database: DbSettings | string; log: Logger; reconnectMs?: number }): EventHub {
  const subs = new Map<string, Set<Subscriber>>(); // `${channel}:${id}`
  let client: pg.Client | undefined;
  let connecting: Promise<void> | undefined;
  let closed = false;

  function dispatch(channel: Channel, payload: string | undefined) {
    let msg: HubMessage;
    try {
      msg = JSON.parse(payload ?? '') as HubMessage;
    } catch {
      return;
    }
    for (const sub of subs.get(`${channel}:${msg.id}`) ?? []) sub.onMessage(msg);
  }

  /** Reopens the lost connection, retrying with back-off (to 30 s) for as long as anyone listens. */
  function reconnectLater(delayMs: number) {
    if (closed || subs.size === 0) return;
    setTimeout(
      () =>
        void ensure().then(
          () => notifyReconnect(),
          (err: unknown) => {
            const nextDelayMs = Math.min(delayMs * 2, 30_000);
            opts.log.warn({ err: String(err), retryMs: nextDelayMs }, 'event hub reconnect failed; retrying');
            reconnectLater(nextDelayMs);
          },
        ),
      delayMs,
    ).unref();
  }

  async function connect(): Promise<void> {
    const c = new pg.Client(pgClientConfig(opts.database));
    c.on('notification', (n) => {
      const channel = (Object.keys(CHANNELS) as Channel[]).find((k) => CHANNELS[k] === n.channel);
      if (channel) dispatch(channel, n.payload);
    });
    // An error or a close the server started (restart, idle kill, failover) both lose the LISTEN: handled once.
    let lost = false;
    const onLost = (reason: string) => {
      if (lost) return;
      lost = true;
      if (client === c) client = undefined;
      c.end().catch(() => undefined);
      if (closed) return;
      opts.log.warn({ err: reason }, 'event hub connection lost; reconnecting');
      reconnectLater(opts.reconnectMs ?? 1000);
    };
    c.on('error', (err) => onLost(err.message));
    c.on('end', () => onLost('connection ended'));
    try {
      await c.connect();
      for (const channel of Object.values(CHANNELS)) await c.query(`LISTEN ${channel}`);
    } catch (err) {
      lost = true; // the caller hears of it (subscribe rejects); nothing to reconnect here
      await c.end().catch(() => undefined);
      throw err;
    }
    client = c;
  }

  function ensure(): Promise<void> {
    if (client) return Promise.resolve();
    connecting ??= connect().finally(() => (connecting = undefined));
    return connecting;
  }

  function notifyReconnect() {
    for (const set of subs.values()) for (const sub of set) sub.onReconnect();
  }

  return {
    async subscribe(channel, id, sub) {
      // Run callbacks in the subscriber's async context (its request's: request id, tenant).
      const bound: Subscriber = {
        onMessage: AsyncResource.bind(sub.onMessage),
        onReconnect: AsyncResource.bind(sub.onReconnect),
      };
      const key = `${channel}:${id}`;
      if (!subs.has(key)) subs.set(key, new Set());
      subs.get(key)!.add(bound);
      await ensure();
      return () => {
        const set = subs.get(key);
        set?.delete(bound);
        if (set?.size === 0) subs.delete(key);
      };
    },
    async close() {
      closed = true;
      subs.clear();
      const c = client;
      client = undefined;
      await c?.end().catch(() => undefined);
    },
  };
}
