/**
 * Live views: a query for the execution / collection plus the contract's SSE stream, which refreshes it on
 * every status or progress event until the stream ends (terminal status).
 */
import { useEffect, useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, messageOf, unwrap } from './client';
import { streamEvents } from './sse';
import { COLLECTION_DONE, TERMINAL } from '../lib/status';

export function useLiveExecution(id: string | undefined) {
  const client = useQueryClient();
  const [streamError, setStreamError] = useState<string>();
  const query = useQuery({
    queryKey: ['execution', id],
    queryFn: () => unwrap(api.GET('/api/executions/{id}', { params: { path: { id: id! } } })),
    enabled: !!id,
  });
  const done = !!query.data && TERMINAL.includes(query.data.status);
  useEffect(() => {
    if (!id || done) return;
    const abort = new AbortController();
    void streamEvents(`/api/executions/${id}/events`, {
      signal: abort.signal,
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
  });
  const done = !!query.data && COLLECTION_DONE.includes(query.data.status);
  useEffect(() => {
    if (done) return;
    const abort = new AbortController();
    void streamEvents(`/api/data-collections/${id}/events`, {
      signal: abort.signal,
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
