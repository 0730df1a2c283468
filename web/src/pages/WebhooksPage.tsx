/** Webhooks: list, create (the signing secret is shown once), failed deliveries and replay. */
import { useState } from 'react';
import {
  Alert,
  Badge,
  Button,
  Card,
  Checkbox,
  Code,
  CopyButton,
  Group,
  Modal,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Schemas } from '../../../client';
import { ApiError, api, messageOf, unwrap } from '../api/client';
import { Loaded, PageHeader, StatusBadge, when } from '../components/common';

const EVENTS: Schemas['Webhook']['events'] = ['execution.succeeded', 'execution.failed', 'collection.completed'];

function Deliveries({ webhookId }: { webhookId: string }) {
  const client = useQueryClient();
  const [onlyFailed, setOnlyFailed] = useState(true);
  const deliveries = useQuery({
    queryKey: ['deliveries', webhookId, onlyFailed],
    queryFn: () =>
      unwrap(
        api.GET('/api/webhooks/{id}/deliveries', {
          params: { path: { id: webhookId }, query: { limit: 50, ...(onlyFailed && { status: 'failed' as const }) } },
        }),
      ),
  });
  const replay = useMutation({
    mutationFn: (deliveryId: string) =>
      unwrap(api.POST('/api/webhooks/deliveries/{deliveryId}/replay', { params: { path: { deliveryId } } })),
    onSuccess: () => {
      notifications.show({ message: 'Delivery queued again' });
      void client.invalidateQueries({ queryKey: ['deliveries', webhookId] });
    },
  });
  return (
    <Stack gap="xs">
      <Checkbox
        label="Failed deliveries only"
        checked={onlyFailed}
        onChange={(e) => setOnlyFailed(e.currentTarget.checked)}
      />
      <Loaded query={deliveries} empty={(d) => d.items.length === 0}>
        {(d) => (
          <Table fz="sm" aria-label="Deliveries">
            <Table.Tbody>
              {d.items.map((del) => (
                <Table.Tr key={del.id}>
                  <Table.Td>{when(del.createdAt)}</Table.Td>
                  <Table.Td>{del.event}</Table.Td>
                  <Table.Td>
                    <StatusBadge status={del.status} />
                  </Table.Td>
                  <Table.Td>
                    {del.attempts} attempts{del.lastStatusCode ? `, last HTTP ${del.lastStatusCode}` : ''}{' '}
                    {del.lastError}
                  </Table.Td>
                  <Table.Td>
                    <Button
                      size="xs"
                      variant="default"
                      loading={replay.isPending && replay.variables === del.id}
                      onClick={() => replay.mutate(del.id)}
                    >
                      Replay
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Loaded>
    </Stack>
  );
}

export function WebhooksPage() {
  const client = useQueryClient();
  const [url, setUrl] = useState('');
  const [description, setDescription] = useState('');
  const [events, setEvents] = useState<string[]>([...EVENTS]);
  const [secret, setSecret] = useState<string>();
  const [open, setOpen] = useState<string>();
  const webhooks = useQuery({ queryKey: ['webhooks'], queryFn: () => unwrap(api.GET('/api/webhooks')) });
  const create = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/webhooks', {
          body: { url, events: events as Schemas['Webhook']['events'], ...(description && { description }) },
        }),
      ),
    onSuccess: (w) => {
      setSecret(w.secret);
      setUrl('');
      setDescription('');
      void client.invalidateQueries({ queryKey: ['webhooks'] });
    },
  });
  const remove = useMutation({
    mutationFn: (id: string) => unwrap(api.DELETE('/api/webhooks/{id}', { params: { path: { id } } })),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['webhooks'] }),
  });
  const errors = create.error instanceof ApiError ? create.error.fields : {};
  return (
    <Stack>
      <PageHeader title="Webhooks" />
      <Card withBorder component="section" aria-label="New webhook">
        <Title order={2} size="h4" mb="sm">
          New webhook
        </Title>
        <Stack gap="xs">
          <TextInput
            label="URL"
            required
            placeholder="https://example.com/hooks/recomamp"
            value={url}
            onChange={(e) => setUrl(e.currentTarget.value)}
            error={errors.url}
          />
          <TextInput
            label="Description"
            value={description}
            onChange={(e) => setDescription(e.currentTarget.value)}
            error={errors.description}
          />
          <Checkbox.Group label="Events" value={events} onChange={setEvents} error={errors.events}>
            <Group mt={4}>
              {EVENTS.map((e) => (
                <Checkbox key={e} value={e} label={e} />
              ))}
            </Group>
          </Checkbox.Group>
          {create.error && Object.keys(errors).length === 0 && (
            <Alert color="red" role="alert">
              {messageOf(create.error)}
            </Alert>
          )}
          <Group>
            <Button onClick={() => create.mutate()} loading={create.isPending}>
              Create webhook
            </Button>
          </Group>
        </Stack>
      </Card>
      <Modal opened={!!secret} onClose={() => setSecret(undefined)} title="Signing secret (shown once)">
        <Stack>
          <Text size="sm">Copy it now: receivers verify X-RecomAMP-Signature with it. It cannot be shown again.</Text>
          <Code block data-testid="webhook-secret">
            {secret}
          </Code>
          <CopyButton value={secret ?? ''}>
            {({ copied, copy }) => <Button onClick={copy}>{copied ? 'Copied' : 'Copy'}</Button>}
          </CopyButton>
        </Stack>
      </Modal>
      <Loaded query={webhooks} empty={(d) => d.items.length === 0}>
        {(d) => (
          <Stack>
            {d.items.map((w) => (
              <Card withBorder key={w.id}>
                <Group justify="space-between" wrap="wrap">
                  <div>
                    <Text fw={500}>{w.url}</Text>
                    <Text size="xs" c="dimmed">
                      {w.events.join(', ')} {w.description && `· ${w.description}`}
                    </Text>
                  </div>
                  <Group gap="xs">
                    {w.active ? <Badge color="green">active</Badge> : <Badge color="gray">inactive</Badge>}
                    <Button size="xs" variant="default" onClick={() => setOpen(open === w.id ? undefined : w.id)}>
                      Deliveries
                    </Button>
                    <Button size="xs" variant="subtle" color="red" onClick={() => remove.mutate(w.id)}>
                      Delete
                    </Button>
                  </Group>
                </Group>
                {open === w.id && <Deliveries webhookId={w.id} />}
              </Card>
            ))}
          </Stack>
        )}
      </Loaded>
    </Stack>
  );
}
