/** Run a saved query: a time window (presets or dates), parameter values, then the live status of the run. */
import { useEffect, useState } from 'react';
import { Alert, Anchor, Button, Card, Group, Select, Stack, Text, Title } from '@mantine/core';
import { DateInput } from '@mantine/dates';
import { useMutation } from '@tanstack/react-query';
import { ApiError, api, messageOf, unwrap } from '../api/client';
import { useLiveExecution } from '../api/live';
import type { ParameterDefinition } from '../lib/parameters';
import { WINDOW_PRESETS, today } from '../lib/time-window';
import { ExecutionStatus } from './ExecutionStatus';
import { ParameterValues, parameterPayload } from './ParameterForms';
import type { SqlError } from './SqlEditor';

/** A random key (crypto.randomUUID needs a secure context; getRandomValues does not). */
const newKey = () =>
  Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');

interface Props {
  parameters: Record<string, ParameterDefinition>;
  /** Saves pending edits first (returns the saved query's id), so a run always uses what is on screen. */
  beforeRun: () => Promise<string | undefined>;
  onSqlError: (error: SqlError | undefined) => void;
  /** The run started last (the page shows its results full width). */
  executionId: string | undefined;
  onExecution: (id: string) => void;
}

export function RunPanel({ parameters, beforeRun, onSqlError, executionId, onExecution }: Props) {
  const [preset, setPreset] = useState<string | null>('last7');
  const initial = WINDOW_PRESETS[0]!.range(today());
  const [start, setStart] = useState<string | null>(initial[0]);
  const [end, setEnd] = useState<string | null>(initial[1]);
  const [values, setValues] = useState<Record<string, string>>({});
  const live = useLiveExecution(executionId);
  const execution = live.data;

  const run = useMutation({
    mutationFn: async () => {
      onSqlError(undefined);
      const id = await beforeRun();
      if (!id) throw new Error('save the query first');
      return unwrap(
        api.POST('/api/workflows/{id}/execute', {
          params: { path: { id } },
          body: {
            // One key per click: a request repeated after a token refresh or a lost answer starts nothing new.
            idempotencyKey: newKey(),
            parameters: parameterPayload(parameters, values),
            ...(start && end && { timeWindowStart: start, timeWindowEnd: end }),
          },
        }),
      );
    },
    onSuccess: (accepted) => onExecution(accepted.executionId),
  });
  const errors = run.error instanceof ApiError ? run.error.fields : {};
  // A window that ends after now (400 WINDOW_IN_FUTURE) is the end date's error, with the latest end allowed.
  const latestEnd =
    run.error instanceof ApiError && run.error.code === 'WINDOW_IN_FUTURE'
      ? String(run.error.details?.latestAllowedEnd ?? '').slice(0, 10)
      : '';
  const endError = latestEnd ? (
    <>
      {messageOf(run.error)}{' '}
      <Anchor
        component="button"
        type="button"
        size="xs"
        onClick={() => {
          setEnd(latestEnd);
          setPreset('custom');
          run.reset();
        }}
      >
        End on {latestEnd}
      </Anchor>
    </>
  ) : (
    errors.timeWindowEnd
  );
  const generalError =
    run.error && !latestEnd && !(run.error instanceof ApiError && Object.keys(errors).length > 0)
      ? messageOf(run.error)
      : undefined;

  // A failed run's SQL error is marked in the editor (line/column when AMC gave them).
  const failure = execution?.status === 'FAILED' ? execution.error : undefined;
  useEffect(() => {
    if (failure) onSqlError({ message: failure.message, line: failure.line, column: failure.column });
  }, [failure?.message, failure?.line, failure?.column]);

  const applyPreset = (id: string | null) => {
    setPreset(id);
    const p = WINDOW_PRESETS.find((w) => w.id === id);
    if (p) {
      const [s, e] = p.range(today());
      setStart(s);
      setEnd(e);
    }
  };

  return (
    <Stack>
      <Card withBorder component="section" aria-label="Run">
        <Title order={2} size="h4" mb="sm">
          Run
        </Title>
        <Stack gap="xs">
          <Select
            label="Time window"
            data={[
              ...WINDOW_PRESETS.map((p) => ({ value: p.id, label: p.label })),
              { value: 'custom', label: 'Custom dates' },
            ]}
            value={preset}
            onChange={applyPreset}
            allowDeselect={false}
          />
          <Group grow align="start">
            <DateInput
              label="Start"
              valueFormat="YYYY-MM-DD"
              value={start}
              onChange={(v) => {
                setStart(v);
                setPreset('custom');
              }}
              error={errors.timeWindowStart}
            />
            <DateInput
              label="End (exclusive)"
              valueFormat="YYYY-MM-DD"
              value={end}
              onChange={(v) => {
                setEnd(v);
                setPreset('custom');
              }}
              error={endError}
            />
          </Group>
          <ParameterValues parameters={parameters} values={values} onChange={setValues} errors={errors} />
          {generalError && (
            <Alert color="red" role="alert">
              {generalError}
            </Alert>
          )}
          <Button onClick={() => run.mutate()} loading={run.isPending}>
            Run on AMC
          </Button>
        </Stack>
      </Card>
      {execution && (
        <Card withBorder aria-label="Latest run">
          <ExecutionStatus execution={execution} streamError={live.streamError} showLink />
        </Card>
      )}
      {executionId && !execution && live.error && (
        <Alert color="red" role="alert">
          {messageOf(live.error)}
        </Alert>
      )}
      {!execution && (
        <Text size="xs" c="dimmed">
          Runs go through Temporal: status updates arrive live.
        </Text>
      )}
    </Stack>
  );
}
