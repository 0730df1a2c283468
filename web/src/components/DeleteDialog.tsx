/**
 * Deleting an instance or a saved query. The first request is a plain DELETE: with nothing depending on it, it is
 * gone. Otherwise the API answers 409 DEPENDENTS_EXIST with the counts in `details.dependents`; the dialog lists
 * them and offers the forced delete (`?force=true`: running work is cancelled first, then everything is removed)
 * behind an explicit confirmation, and says afterwards what went.
 */
import { useState } from 'react';
import { Alert, Button, Checkbox, Group, List, Modal, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation } from '@tanstack/react-query';
import type { Schemas } from '../../../client';
import { ApiError, messageOf } from '../api/client';

const DEPENDENT_WORDS: Record<string, [string, string]> = {
  savedQueries: ['saved query', 'saved queries'],
  schedules: [
    'schedule (deleted, and its running fire cancelled)',
    'schedules (deleted, and their running fires cancelled)',
  ],
  runningExecutions: ['running execution (cancelled at AMC)', 'running executions (cancelled at AMC)'],
  activeCollections: ['active data collection (cancelled)', 'active data collections (cancelled)'],
  executionsWithResults: ['execution with stored results', 'executions with stored results'],
};

function dependentLines(dependents: unknown): string[] {
  if (!dependents || typeof dependents !== 'object') return [];
  return Object.entries(dependents as Record<string, number>)
    .filter(([, n]) => typeof n === 'number' && n > 0)
    .map(([key, n]) => {
      const [one, many] = DEPENDENT_WORDS[key] ?? [key, key];
      return `${n} ${n === 1 ? one : many}`;
    });
}

function describeDeletion(report: Schemas['Deletion']): string {
  const r = report.removed;
  const c = report.cancelled;
  const parts = [
    r.savedQueries && `${r.savedQueries} saved quer${r.savedQueries === 1 ? 'y' : 'ies'}`,
    r.schedules && `${r.schedules} schedule(s)`,
    r.executions && `${r.executions} execution(s)`,
    r.collections && `${r.collections} collection(s)`,
  ].filter(Boolean);
  const cancelled = c.executions + c.collections + c.scheduledRuns;
  return `Removed ${parts.join(', ') || 'it'}${cancelled ? `; cancelled ${cancelled} running item(s) first` : ''}${report.terminated ? `; ${report.terminated} terminated` : ''}.`;
}

interface Props {
  opened: boolean;
  onClose: () => void;
  /** What is deleted, as a person reads it: “the saved query “Reach””. */
  what: string;
  /** Runs the DELETE (with ?force=true when force): the report for a forced delete, nothing for a plain one. */
  remove: (force: boolean) => Promise<Schemas['Deletion'] | undefined | void>;
  onDeleted: () => void;
}

export function DeleteDialog({ opened, onClose, what, remove, onDeleted }: Props) {
  const [confirmed, setConfirmed] = useState(false);
  const run = useMutation({
    mutationFn: (force: boolean) => remove(force),
    onSuccess: (report) => {
      notifications.show({
        color: 'green',
        message: report ? `Deleted ${what}. ${describeDeletion(report)}` : `Deleted ${what}.`,
      });
      onDeleted();
    },
  });
  const blocked = run.error instanceof ApiError && run.error.code === 'DEPENDENTS_EXIST' ? run.error : undefined;
  const close = () => {
    run.reset();
    setConfirmed(false);
    onClose();
  };
  return (
    // lockScroll off: its scroll lock injects a <style> without the CSP nonce.
    <Modal opened={opened} onClose={close} title={`Delete ${what}?`} size="lg" lockScroll={false}>
      <Stack>
        {!blocked && <Text size="sm">This cannot be undone.</Text>}
        {blocked && (
          <Alert color="orange" title="Other things depend on it" data-testid="delete-dependents">
            <Text size="sm" mb="xs">
              {blocked.message}
            </Text>
            <List size="sm">
              {dependentLines(blocked.details?.dependents).map((line) => (
                <List.Item key={line}>{line}</List.Item>
              ))}
            </List>
          </Alert>
        )}
        {blocked && (
          <Checkbox
            label="Cancel its running work at AMC and delete it with everything listed above"
            checked={confirmed}
            onChange={(e) => setConfirmed(e.currentTarget.checked)}
          />
        )}
        {run.error && !blocked && (
          <Alert color="red" role="alert">
            {messageOf(run.error)}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={close}>
            Keep it
          </Button>
          {blocked ? (
            <Button color="red" disabled={!confirmed} loading={run.isPending} onClick={() => run.mutate(true)}>
              Delete everything
            </Button>
          ) : (
            <Button color="red" loading={run.isPending} onClick={() => run.mutate(false)}>
              Delete
            </Button>
          )}
        </Group>
      </Stack>
    </Modal>
  );
}
