/** One schedule: next runs, run history with skipped fires and their reasons, pause/resume/trigger/backfill. */
import { useState } from 'react';
import { Alert, Anchor, Badge, Button, Card, Group, Stack, Table, Text, Title } from '@mantine/core';
import { DateInput } from '@mantine/dates';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useLocation } from 'wouter';
import type { Schemas } from '../../../client';
import { ApiError, api, messageOf, unwrap } from '../api/client';
import { Loaded, PageHeader, StatusBadge, when } from '../components/common';
import { addDays, isoDay, today } from '../lib/time-window';

function Backfill({ id, onDone }: { id: string; onDone: () => void }) {
  const [start, setStart] = useState<string | null>(isoDay(addDays(today(), -14)));
  const [end, setEnd] = useState<string | null>(isoDay(addDays(today(), -1)));
  const backfill = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/schedules/{id}/backfill', {
          params: { path: { id } },
          body: { start: start ?? '', end: end ?? '' },
        }),
      ),
    onSuccess: (r) => {
      notifications.show({ color: 'green', message: `Backfill queued ${r.runs} run${r.runs === 1 ? '' : 's'}` });
      onDone();
    },
  });
  const errors = backfill.error instanceof ApiError ? backfill.error.fields : {};
  return (
    <Stack gap="xs">
      <Group align="end" wrap="wrap">
        <DateInput
          label="Backfill from"
          valueFormat="YYYY-MM-DD"
          value={start}
          onChange={setStart}
          error={errors.start}
        />
        <DateInput label="to" valueFormat="YYYY-MM-DD" value={end} onChange={setEnd} error={errors.end} />
        <Button variant="default" onClick={() => backfill.mutate()} loading={backfill.isPending}>
          Backfill
        </Button>
      </Group>
      {backfill.error && Object.keys(errors).length === 0 && (
        <Alert color="red" role="alert">
          {messageOf(backfill.error)}
        </Alert>
      )}
      {backfill.data && (
        <Text size="sm" role="status">
          {backfill.data.runs} run(s) for{' '}
          {backfill.data.scheduledTimes.map((t) => t.slice(0, 10)).join(', ') || 'no matching time'}
        </Text>
      )}
    </Stack>
  );
}

export function SchedulePage({ id }: { id: string }) {
  const client = useQueryClient();
  const [, navigate] = useLocation();
  const schedule = useQuery({
    queryKey: ['schedule', id],
    queryFn: () => unwrap(api.GET('/api/schedules/{id}', { params: { path: { id } } })),
  });
  const runs = useQuery({
    queryKey: ['scheduleRuns', id],
    queryFn: () => unwrap(api.GET('/api/schedules/{id}/runs', { params: { path: { id }, query: { limit: 100 } } })),
    refetchInterval: 4000, // runs start from Temporal on their own time: keep the history fresh
  });
  const refresh = () => {
    void client.invalidateQueries({ queryKey: ['schedule', id] });
    void client.invalidateQueries({ queryKey: ['scheduleRuns', id] });
  };
  // The trigger answers 202 with the execution it started (or why it made none).
  const [triggered, setTriggered] = useState<Schemas['TriggerAccepted']>();
  const act = useMutation({
    mutationFn: async (action: 'pause' | 'resume' | 'trigger' | 'delete') => {
      const params = { params: { path: { id } } };
      if (action === 'pause') return unwrap(api.POST('/api/schedules/{id}/pause', { ...params, body: {} }));
      if (action === 'resume') return unwrap(api.POST('/api/schedules/{id}/resume', { ...params, body: {} }));
      if (action === 'trigger') return unwrap(api.POST('/api/schedules/{id}/trigger', params));
      return unwrap(api.DELETE('/api/schedules/{id}', params));
    },
    onSuccess: (r, action) => {
      if (action === 'delete') {
        void client.invalidateQueries({ queryKey: ['schedules'] });
        navigate('/schedules');
        return;
      }
      if (action === 'trigger' && r && 'triggered' in r) setTriggered(r);
      else notifications.show({ message: `Schedule ${action}d` });
      refresh();
    },
  });
  return (
    <Stack>
      <PageHeader title="Schedule" />
      <Loaded query={schedule}>
        {(s) => (
          <Card withBorder>
            <Stack gap="xs">
              <Group gap="sm" wrap="wrap">
                {s.paused ? <Badge color="yellow">paused</Badge> : <Badge color="green">active</Badge>}
                <Text>
                  <code>{s.cron}</code> in {s.timezone}; window {s.timeWindow.lookbackDays} days ending{' '}
                  {s.timeWindow.lagDays} days before the run's day; overlap {s.overlap}
                </Text>
                <Link href={`/queries/${s.workflowId}`}>saved query</Link>
              </Group>
              {s.note && (
                <Text size="sm" c="dimmed">
                  {s.note}
                </Text>
              )}
              <Text size="sm">
                Next runs:{' '}
                {s.nextRuns && s.nextRuns.length > 0 ? s.nextRuns.slice(0, 5).map(when).join(' · ') : 'none (paused)'}
              </Text>
              <Text size="xs" c="dimmed">
                Temporal: {s.temporal.actionsTaken} started, {s.temporal.actionsSkippedOverlap} skipped for overlap,{' '}
                {s.temporal.actionsMissedCatchupWindow} missed
              </Text>
              <Group gap="xs">
                {s.paused ? (
                  <Button size="xs" onClick={() => act.mutate('resume')}>
                    Resume
                  </Button>
                ) : (
                  <Button size="xs" variant="default" onClick={() => act.mutate('pause')}>
                    Pause
                  </Button>
                )}
                <Button
                  size="xs"
                  variant="default"
                  onClick={() => act.mutate('trigger')}
                  loading={act.isPending && act.variables === 'trigger'}
                >
                  Run now
                </Button>
                <Button
                  size="xs"
                  variant="subtle"
                  color="red"
                  onClick={() => {
                    if (confirm('Delete this schedule?')) act.mutate('delete');
                  }}
                >
                  Delete
                </Button>
              </Group>
              {triggered && (
                <Text size="sm" role="status" data-testid="trigger-result">
                  {triggered.executionId ? (
                    <>
                      Run started:{' '}
                      <Anchor component={Link} href={`/runs/${triggered.executionId}`}>
                        open the run
                      </Anchor>
                      {triggered.scheduledAt && ` (scheduled for ${when(triggered.scheduledAt)})`}
                    </>
                  ) : triggered.skipped ? (
                    `The schedule fired but made no run: ${triggered.skipped}`
                  ) : (
                    'The schedule has been asked to run; the run will appear in the history below.'
                  )}
                </Text>
              )}
              {act.error && (
                <Alert color="red" role="alert">
                  {messageOf(act.error)}
                </Alert>
              )}
              <Backfill id={id} onDone={refresh} />
            </Stack>
          </Card>
        )}
      </Loaded>
      <Card withBorder aria-label="Run history">
        <Title order={2} size="h4" mb="sm">
          Run history
        </Title>
        <Loaded query={runs} empty={(d) => d.items.length === 0}>
          {(d) => (
            <Table aria-label="Schedule runs" data-testid="schedule-runs">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Scheduled for</Table.Th>
                  <Table.Th>Status</Table.Th>
                  <Table.Th>Window</Table.Th>
                  <Table.Th>Reason</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {d.items.map((r) => (
                  <Table.Tr key={r.scheduledAt + (r.executionId ?? '')} data-status={r.status}>
                    <Table.Td>
                      {r.executionId ? (
                        <Link href={`/runs/${r.executionId}`}>{when(r.scheduledAt)}</Link>
                      ) : (
                        when(r.scheduledAt)
                      )}
                    </Table.Td>
                    <Table.Td>
                      <StatusBadge status={r.status} />
                    </Table.Td>
                    <Table.Td>
                      {r.timeWindowStart.slice(0, 10)} → {r.timeWindowEnd.slice(0, 10)}
                    </Table.Td>
                    <Table.Td>
                      {r.reason && <Badge variant="outline">{r.reason}</Badge>}{' '}
                      <Text span size="xs">
                        {r.detail}
                      </Text>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </Loaded>
      </Card>
    </Stack>
  );
}
