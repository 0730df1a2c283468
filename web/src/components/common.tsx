/** Small shared pieces: status badges, page headers, empty and error states, dates. */
import type { ReactNode } from 'react';
import { Alert, Badge, Group, Loader, Text, Title } from '@mantine/core';
import { messageOf } from '../api/client';
import { statusColor } from '../lib/status';

export function StatusBadge({ status, title }: { status: string; title?: string }) {
  return (
    <Badge color={statusColor(status)} variant="filled" title={title} data-status={status}>
      {status}
    </Badge>
  );
}

export function PageHeader({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <Group justify="space-between" mb="md" wrap="wrap">
      <Title order={1} size="h2">
        {title}
      </Title>
      <Group gap="sm">{children}</Group>
    </Group>
  );
}

/** A query's loading / error / empty states, or its content. */
export function Loaded<T>({
  query,
  empty,
  children,
}: {
  query: { data?: T; error: unknown; isPending: boolean };
  empty?: (data: T) => boolean;
  children: (data: T) => ReactNode;
}) {
  if (query.isPending) return <Loader size="sm" aria-label="Loading" />;
  if (query.error || query.data === undefined)
    return (
      <Alert color="red" role="alert">
        {messageOf(query.error)}
      </Alert>
    );
  if (empty?.(query.data))
    return (
      <Text c="dimmed" size="sm">
        Nothing here yet.
      </Text>
    );
  return <>{children(query.data)}</>;
}

export const when = (iso: string | null | undefined) => (iso ? new Date(iso).toLocaleString() : '—');
export const dayOf = (iso: string | null | undefined) => (iso ? iso.slice(0, 10) : '—');
