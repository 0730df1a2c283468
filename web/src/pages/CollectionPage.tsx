/**
 * One collection: the week grid coloured by status (live over SSE), counts and progress, the controls, and the
 * combined results with a week-by-week chart and a table the API pages, sorts and filters.
 */
import { lazy, Suspense } from 'react';
import { Alert, Badge, Button, Card, Group, Loader, Progress, Stack, Tabs, Text, Title, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'wouter';
import type { Schemas } from '../../../client';
import { api, json, messageOf, unwrap } from '../api/client';
import { useLiveCollection } from '../api/live';
import { Loaded, PageHeader, StatusBadge } from '../components/common';
import { ResultsTable } from '../components/ResultsTable';
import { downloadFile } from '../lib/download';
import { temporalWorkflowUrl } from '../lib/runtime-config';
import { COLLECTION_DONE, statusColor } from '../lib/status';

const ResultsChart = lazy(() => import('../components/ResultsChart'));

type Action = 'pause' | 'resume' | 'cancel' | 'retry-failed' | 'rerun-stale';

function WeekCell({ week }: { week: Schemas['CollectionWeek'] }) {
  const color = statusColor(week.status);
  const detail = [
    week.status,
    week.waitingFor && `waiting for ${week.waitingFor}${week.queuePosition != null ? ` (#${week.queuePosition})` : ''}`,
    week.rowCount != null && `${week.rowCount} rows`,
    week.attempts > 1 && `${week.attempts} attempts`,
    week.error?.message,
  ]
    .filter(Boolean)
    .join(' · ');
  const cell = (
    <div
      className="week-cell"
      style={{
        background: `var(--mantine-color-${color}-light)`,
        borderColor: `var(--mantine-color-${color}-outline)`,
      }}
      data-status={week.status}
      data-testid="week-cell"
      aria-label={`Week of ${week.weekStart}: ${detail}`}
      role="listitem"
    >
      <div>
        <b>{week.weekStart}</b>
        {week.partial && ' ½'}
      </div>
      <div>{week.status}</div>
    </div>
  );
  const body = week.executionId ? <Link href={`/runs/${week.executionId}`}>{cell}</Link> : cell;
  return (
    <Tooltip label={detail} multiline maw={300}>
      <div>{body}</div>
    </Tooltip>
  );
}

function CombinedResults({ id, finishedWeeks }: { id: string; finishedWeeks: number }) {
  const results = useQuery({
    queryKey: ['collectionResults', id, finishedWeeks],
    queryFn: async () =>
      json(
        await unwrap(
          api.GET('/api/data-collections/{id}/results', {
            params: { path: { id }, query: { format: 'json', limit: 20000 } },
          }),
        ),
      ),
  });
  return (
    <Card withBorder aria-label="Combined results">
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h4">
          Combined results
        </Title>
        <Button
          size="xs"
          variant="default"
          onClick={() =>
            void downloadFile(
              `/api/data-collections/${id}/results?format=csv`,
              `collection-${id}.csv`,
              'text/csv',
            ).catch((err) => notifications.show({ color: 'red', title: 'Download failed', message: messageOf(err) }))
          }
        >
          Download CSV
        </Button>
      </Group>
      <Loaded query={results} empty={(d) => d.rows.length === 0}>
        {(d) => (
          <Suspense fallback={<Loader size="sm" aria-label="Loading chart" />}>
            <Text size="sm" mb="xs">
              {d.total} rows from {d.weeks} weeks
            </Text>
            <Tabs defaultValue="chart" keepMounted={false}>
              <Tabs.List>
                <Tabs.Tab value="chart">Chart</Tabs.Tab>
                <Tabs.Tab value="table">Table</Tabs.Tab>
              </Tabs.List>
              <Tabs.Panel value="chart" pt="md">
                <ResultsChart columns={d.columns} rows={d.rows} defaultDimension="week_start" />
              </Tabs.Panel>
              <Tabs.Panel value="table" pt="md">
                <ResultsTable key={finishedWeeks} source={{ kind: 'collection', id }} columns={d.columns} />
              </Tabs.Panel>
            </Tabs>
          </Suspense>
        )}
      </Loaded>
    </Card>
  );
}

export default function CollectionPage({ id }: { id: string }) {
  const client = useQueryClient();
  const live = useLiveCollection(id);
  const act = useMutation({
    mutationFn: async (action: Action) => {
      const params = { params: { path: { id } } };
      switch (action) {
        case 'pause':
          return unwrap(api.POST('/api/data-collections/{id}/pause', params));
        case 'resume':
          return unwrap(api.POST('/api/data-collections/{id}/resume', params));
        case 'cancel':
          return unwrap(api.POST('/api/data-collections/{id}/cancel', params));
        case 'retry-failed':
          return unwrap(api.POST('/api/data-collections/{id}/retry-failed', params));
        case 'rerun-stale':
          return unwrap(api.POST('/api/data-collections/{id}/rerun-stale', params));
      }
    },
    onSuccess: (_r, action) => {
      notifications.show({ message: `${action} requested` });
      void client.invalidateQueries({ queryKey: ['collection', id] });
    },
  });
  return (
    <Stack>
      <PageHeader title="Data collection" />
      <Loaded query={live}>
        {(c) => {
          const done = COLLECTION_DONE.includes(c.status);
          const temporalUrl = temporalWorkflowUrl(c.temporalWorkflowId);
          return (
            <>
              <Card withBorder>
                <Stack gap="xs" aria-live="polite">
                  <Group gap="sm" wrap="wrap">
                    <span data-testid="collection-status">
                      <StatusBadge status={c.status} />
                    </span>
                    <Text size="sm">
                      {c.startDate} → {c.endDate}, weeks from {c.weekStartDay}, {c.concurrency} in flight
                    </Text>
                    <Link href={`/queries/${c.workflowId}`}>saved query</Link>
                    {temporalUrl && (
                      <a href={temporalUrl} target="_blank" rel="noreferrer">
                        View in Temporal UI
                      </a>
                    )}
                  </Group>
                  <Progress.Root size="lg" aria-label={`${c.finishedWeeks} of ${c.totalWeeks} weeks finished`}>
                    <Progress.Section value={(c.counts.succeeded / Math.max(c.totalWeeks, 1)) * 100} color="green" />
                    <Progress.Section value={(c.counts.stale / Math.max(c.totalWeeks, 1)) * 100} color="orange" />
                    <Progress.Section value={(c.counts.failed / Math.max(c.totalWeeks, 1)) * 100} color="red" />
                    <Progress.Section value={(c.counts.cancelled / Math.max(c.totalWeeks, 1)) * 100} color="dark" />
                  </Progress.Root>
                  <Group gap="xs" data-testid="collection-counts">
                    <Text size="sm" fw={500}>
                      {c.finishedWeeks}/{c.totalWeeks} weeks finished
                    </Text>
                    {Object.entries(c.counts)
                      .filter(([, n]) => n > 0)
                      .map(([status, n]) => (
                        <Badge key={status} color={statusColor(status.toUpperCase())} variant="light">
                          {status} {n}
                        </Badge>
                      ))}
                  </Group>
                  {live.streamError && (
                    <Text size="xs" c="orange.8" role="status">
                      {live.streamError}
                    </Text>
                  )}
                  <Group gap="xs">
                    {c.status === 'PAUSED' ? (
                      <Button
                        size="xs"
                        onClick={() => act.mutate('resume')}
                        loading={act.isPending && act.variables === 'resume'}
                      >
                        Resume
                      </Button>
                    ) : (
                      <Button
                        size="xs"
                        variant="default"
                        disabled={done}
                        onClick={() => act.mutate('pause')}
                        loading={act.isPending && act.variables === 'pause'}
                      >
                        Pause
                      </Button>
                    )}
                    <Button
                      size="xs"
                      variant="default"
                      color="red"
                      disabled={done}
                      onClick={() => act.mutate('cancel')}
                    >
                      Cancel
                    </Button>
                    <Button
                      size="xs"
                      variant="default"
                      disabled={c.counts.failed === 0}
                      onClick={() => act.mutate('retry-failed')}
                    >
                      Retry failed
                    </Button>
                    <Button
                      size="xs"
                      variant="default"
                      disabled={c.counts.stale === 0}
                      onClick={() => act.mutate('rerun-stale')}
                    >
                      Rerun stale
                    </Button>
                  </Group>
                  {act.error && (
                    <Alert color="red" role="alert">
                      {messageOf(act.error)}
                    </Alert>
                  )}
                </Stack>
              </Card>
              <Card withBorder aria-label="Weeks">
                <Title order={2} size="h4" mb="sm">
                  Weeks
                </Title>
                <div className="week-grid" role="list" data-testid="week-grid">
                  {c.weeks.map((w) => (
                    <WeekCell key={w.weekStart} week={w} />
                  ))}
                </div>
              </Card>
              {c.counts.succeeded + c.counts.stale > 0 && (
                <CombinedResults id={c.id} finishedWeeks={c.counts.succeeded + c.counts.stale} />
              )}
            </>
          );
        }}
      </Loaded>
    </Stack>
  );
}
