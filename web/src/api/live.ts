/**
 * Live views: a query for the execution / collection plus the contract's SSE stream, which refreshes it on
 * every status or progress event until the stream ends (terminal status). While not finished the query is also
 * re-read every FALLBACK_REFETCH_MS, so a stream that misses an update (or cannot connect) delays the page, never
 * freezes it.
 */
import { useEffect, useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, messageOf, unwrap } from './client';
import { streamEvents } from './sse';
import { COLLECTION_DONE, TERMINAL } from '../lib/status';

const FALLBACK_REFETCH_MS = 15_000;
const statusOf = (data: unknown) => (data as { status?: string } | null)?.status ?? '';

export function useLiveExecution(id: string | undefined) {
  const client = useQueryClient();
  const [streamError, setStreamError] = useState<string>();
  const query = useQuery({
    queryKey: ['execution', id],
    queryFn: () => unwrap(api.GET('/api/executions/{id}', { params: { path: { id: id! } } })),
    enabled: !!id,
    refetchInterval: (q) => (q.state.data && TERMINAL.includes(q.state.data.status) ? false : FALLBACK_REFETCH_MS),
  });
  const done = !!query.data && TERMINAL.includes(query.data.status);
  useEffect(() => {
    if (!id || done) return;
    const abort = new AbortController();
    void streamEvents(`/api/executions/${id}/events`, {
      signal: abort.signal,
      isFinal: (event, data) => event === 'status' && TERMINAL.includes(statusOf(data)),
      onEvent: (event, data) => {
        setStreamError(undefined);
        if (event !== 'status') return;
        const status = (data as { status?: string }).status;
        client.setQueryData(['execution', id], (prev: typeof query.data) =>
          prev && status ? { ...prev, status: status as typeof prev.status } : prev,
        );
        // The row carries more than the event (error, row count, AMC ids): read it on every change.
        void client.invalidateQueries({ queryKey: ['execution', id] });
      },
      onError: (err) => setStreamError(`live updates interrupted, reconnecting: ${messageOf(err)}`),
    });
    return () => abort.abort();
  }, [id, done, client]);
  return { ...query, streamError };
}

export function useLiveCollection(id: string) {
  const client = useQueryClient();
  const [streamError, setStreamError] = useState<string>();
  const query = useQuery({
    queryKey: ['collection', id],
    queryFn: () => unwrap(api.GET('/api/data-collections/{id}', { params: { path: { id } } })),
    refetchInterval: (q) =>
      q.state.data && COLLECTION_DONE.includes(q.state.data.status) ? false : FALLBACK_REFETCH_MS,
  });
  const done = !!query.data && COLLECTION_DONE.includes(query.data.status);
  useEffect(() => {
    if (done) return;
    const abort = new AbortController();
    void streamEvents(`/api/data-collections/${id}/events`, {
      signal: abort.signal,
      isFinal: (event, data) => event === 'progress' && COLLECTION_DONE.includes(statusOf(data)),
      onEvent: () => {
        setStreamError(undefined);
        void client.invalidateQueries({ queryKey: ['collection', id] });
      },
      onError: (err) => setStreamError(`live updates interrupted, reconnecting: ${messageOf(err)}`),
    });
    return () => abort.abort();
  }, [id, done, client]);
  return { ...query, streamError };
}
