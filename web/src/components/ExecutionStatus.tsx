/**
 * An execution's live state: status, AMC's status, queue position, progress, its warnings (a window inside AMC's
 * data lag…), the error, Temporal UI link, cancel.
 */
import { Alert, Anchor, Badge, Button, Group, Progress, Stack, Text } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { Link } from 'wouter';
import type { Schemas } from '../../../client';
import { api, unwrap } from '../api/client';
import { temporalWorkflowUrl } from '../lib/runtime-config';
import { TERMINAL } from '../lib/status';
import { StatusBadge, when } from './common';

export function ExecutionStatus({
  execution,
  streamError,
  showLink,
}: {
  execution: Schemas['Execution'];
  streamError?: string;
  showLink?: boolean;
}) {
  const cancel = useMutation({
    mutationFn: () => unwrap(api.POST('/api/executions/{id}/cancel', { params: { path: { id: execution.id } } })),
  });
  const running = !TERMINAL.includes(execution.status);
  const temporalUrl = temporalWorkflowUrl(execution.temporalWorkflowId);
  return (
    <Stack gap="xs" aria-live="polite">
      <Group gap="sm" wrap="wrap">
        <Text fw={500}>Run</Text>
        <span data-testid="execution-status">
          <StatusBadge status={execution.status} />
        </span>
        {execution.amcStatus && <Badge variant="outline">AMC: {execution.amcStatus}</Badge>}
        {execution.queuePosition != null && (
          <Badge color="yellow">queued #{execution.queuePosition} for an AMC slot</Badge>
        )}
        {execution.rowCount != null && <Text size="sm">{execution.rowCount} rows</Text>}
        {showLink && (
          <Anchor component={Link} href={`/runs/${execution.id}`} size="sm">
            Open run
          </Anchor>
        )}
        {temporalUrl && (
          <Anchor href={temporalUrl} target="_blank" rel="noreferrer" size="sm">
            View in Temporal UI
          </Anchor>
        )}
        {running && (
          <Button size="xs" variant="default" color="red" loading={cancel.isPending} onClick={() => cancel.mutate()}>
            Cancel
          </Button>
        )}
      </Group>
      {running && (
        <>
          <Progress value={100} animated striped aria-label="Running" />
          <Text size="xs" c="dimmed">
            started {when(execution.startedAt ?? execution.createdAt)}
            {execution.expectedCompletionAt && ` · expected by ${when(execution.expectedCompletionAt)}`} · window{' '}
            {execution.timeWindowStart.slice(0, 10)} → {execution.timeWindowEnd.slice(0, 10)}
          </Text>
        </>
      )}
      {streamError && (
        <Text size="xs" c="orange.8" role="status">
          {streamError}
        </Text>
      )}
      {execution.warnings.length > 0 && (
        <Alert color="yellow" title="Ran with warnings" data-testid="execution-warnings">
          <Stack gap={2}>
            {execution.warnings.map((w) => (
              <Text size="sm" key={w.code} data-code={w.code}>
                <Text span ff="monospace" size="xs" fw={600}>
                  {w.code}
                </Text>{' '}
                {w.message}
              </Text>
            ))}
          </Stack>
        </Alert>
      )}
      {execution.error && (
        <Alert color="red" title={execution.error.code} role="alert" data-testid="execution-error">
          {execution.error.message}
          {execution.error.line != null && ` (line ${execution.error.line}, column ${execution.error.column ?? 1})`}
        </Alert>
      )}
    </Stack>
  );
}
