/**
 * AMC instances: discover what the Amazon token sees and import in two clicks, or register one by its ids with
 * the contract's minimal body (AMC's listings supply marketplace, type and region; what AMC does not list is a 400
 * shown by its field); validate, circuit state; delete (what depends on it is listed, forced delete on request).
 */
import { useState } from 'react';
import { Alert, Badge, Button, Card, Collapse, Group, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Schemas } from '../../../client';
import { ApiError, api, messageOf, unwrap } from '../api/client';
import { Loaded, PageHeader, when } from '../components/common';
import { DeleteDialog } from '../components/DeleteDialog';

/** Which field of the registration form a refusal of AMC's listings concerns. */
const FIELD_OF_CODE: Record<string, 'instanceId' | 'accountId' | 'marketplaceId'> = {
  AMC_ACCOUNT_NOT_VISIBLE: 'accountId',
  AMC_INSTANCE_NOT_VISIBLE: 'instanceId',
  MARKETPLACE_MISMATCH: 'marketplaceId',
};

function RegisterInstance({ onRegistered }: { onRegistered: () => void }) {
  const [form, setForm] = useState({ instanceId: '', name: '', accountId: '', marketplaceId: '' });
  const set = (field: keyof typeof form) => (e: React.ChangeEvent<HTMLInputElement>) => {
    const value = e.currentTarget.value; // read now: the event's target is gone when the updater runs
    setForm((f) => ({ ...f, [field]: value }));
  };
  const register = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/instances', {
          body: {
            instanceId: form.instanceId.trim(),
            name: form.name.trim(),
            account: {
              accountId: form.accountId.trim(),
              ...(form.marketplaceId.trim() && { marketplaceId: form.marketplaceId.trim() }),
            },
          },
        }),
      ),
    onSuccess: (created) => {
      notifications.show({
        color: 'green',
        message: `Registered ${created.name}: ${created.region}, marketplace ${created.account.marketplaceId ?? '?'}`,
      });
      setForm({ instanceId: '', name: '', accountId: '', marketplaceId: '' });
      onRegistered();
    },
  });
  const err = register.error instanceof ApiError ? register.error : undefined;
  const byCode = err && FIELD_OF_CODE[err.code];
  const fieldError = (field: 'instanceId' | 'name' | 'accountId' | 'marketplaceId') => {
    if (byCode === field) return `${err!.code}: ${err!.message}`;
    const path = field === 'accountId' || field === 'marketplaceId' ? `account.${field}` : field;
    return err?.fields[path];
  };
  const general =
    register.error && !byCode && !(err && Object.keys(err.fields).length > 0) ? register.error : undefined;
  return (
    <Stack
      gap="xs"
      component="form"
      aria-label="Register an instance"
      onSubmit={(e) => {
        e.preventDefault();
        register.mutate();
      }}
    >
      <Text size="sm" c="dimmed">
        The AMC instance id, a name and the advertiser account's entity id are enough: marketplace, instance type and
        region are read from AMC's listings with your Amazon login.
      </Text>
      <Group grow align="start" wrap="wrap">
        <TextInput
          label="AMC instance id"
          placeholder="amc…"
          required
          value={form.instanceId}
          onChange={set('instanceId')}
          error={fieldError('instanceId')}
        />
        <TextInput label="Name" required value={form.name} onChange={set('name')} error={fieldError('name')} />
      </Group>
      <Group grow align="start" wrap="wrap">
        <TextInput
          label="Account id (AMC entity id)"
          placeholder="ENTITY…"
          required
          value={form.accountId}
          onChange={set('accountId')}
          error={fieldError('accountId')}
        />
        <TextInput
          label="Marketplace id (optional)"
          description="Checked against AMC's when given"
          value={form.marketplaceId}
          onChange={set('marketplaceId')}
          error={fieldError('marketplaceId')}
        />
      </Group>
      {general && (
        <Alert color="red" role="alert" title={err?.code}>
          {messageOf(general)}
        </Alert>
      )}
      <Group>
        <Button type="submit" loading={register.isPending}>
          Register
        </Button>
      </Group>
    </Stack>
  );
}

export function useInstances() {
  return useQuery({
    queryKey: ['instances'],
    queryFn: () => unwrap(api.GET('/api/instances', { params: { query: { limit: 500 } } })),
  });
}

function CircuitCell({ id }: { id: string }) {
  const q = useQuery({
    queryKey: ['instance', id],
    queryFn: () => unwrap(api.GET('/api/instances/{id}', { params: { path: { id } } })),
  });
  const c = q.data?.circuit;
  if (!c) return <Text size="sm">…</Text>;
  const color = c.state === 'closed' ? 'green' : c.state === 'open' ? 'red' : 'yellow';
  return (
    <Badge color={color} variant="light" title={c.lastError ?? undefined}>
      circuit {c.state.replace('_', '-')}
      {c.state !== 'closed' && c.retryAt ? ` · retry ${when(c.retryAt)}` : ''}
    </Badge>
  );
}

function ValidateButton({ id }: { id: string }) {
  const [result, setResult] = useState<Schemas['InstanceValidation'] | { failure: string }>();
  const validate = useMutation({
    mutationFn: () => unwrap(api.POST('/api/instances/{id}/validate', { params: { path: { id } } })),
    onSuccess: setResult,
    onError: (err) => setResult({ failure: messageOf(err) }),
  });
  return (
    <Group gap="xs">
      <Button size="xs" variant="default" loading={validate.isPending} onClick={() => validate.mutate()}>
        Validate
      </Button>
      {result && 'ok' in result && (
        <Text size="sm" c={result.ok ? 'green.8' : 'red.8'} role="status">
          {result.ok ? `OK in ${result.latencyMs} ms` : `AMC: ${JSON.stringify(result.error)}`}
        </Text>
      )}
      {result && 'failure' in result && (
        <Text size="sm" c="red.8" role="status">
          {result.failure}
        </Text>
      )}
    </Group>
  );
}

export function InstancesPage() {
  const client = useQueryClient();
  const instances = useInstances();
  const [discovering, setDiscovering] = useState(false);
  const [registering, setRegistering] = useState(false);
  const [deleting, setDeleting] = useState<Schemas['Instance']>();
  const discovered = useQuery({
    queryKey: ['discover'],
    queryFn: () => unwrap(api.GET('/api/instances/discover')),
    enabled: discovering,
  });
  const importOne = useMutation({
    mutationFn: (d: Schemas['DiscoveredInstance']) =>
      unwrap(
        api.POST('/api/instances', {
          body: {
            instanceId: d.instanceId,
            name: d.name,
            // The contract's minimal body: the API reads marketplace, type and region from AMC's listings.
            account: { accountId: d.account.accountId, ...(d.account.name && { name: d.account.name }) },
          },
        }),
      ),
    onSuccess: (created) => {
      notifications.show({ color: 'green', message: `Imported ${created.name}` });
      void client.invalidateQueries({ queryKey: ['instances'] });
      void client.invalidateQueries({ queryKey: ['discover'] });
    },
  });
  return (
    <Stack>
      <PageHeader title="AMC instances">
        <Button variant="default" onClick={() => setRegistering((r) => !r)} aria-expanded={registering}>
          Register by id
        </Button>
        <Button onClick={() => setDiscovering(true)} loading={discovered.isFetching}>
          Discover instances
        </Button>
      </PageHeader>
      <Collapse expanded={registering}>
        <Card withBorder>
          <Title order={2} size="h4" mb="sm">
            Register an instance
          </Title>
          <RegisterInstance
            onRegistered={() => {
              void client.invalidateQueries({ queryKey: ['instances'] });
              void client.invalidateQueries({ queryKey: ['discover'] });
            }}
          />
        </Card>
      </Collapse>
      {discovering && (
        <Card withBorder>
          <Title order={2} size="h4" mb="sm">
            Visible to your Amazon account
          </Title>
          <Loaded query={discovered} empty={(d) => d.items.length === 0}>
            {(d) => (
              <Table striped aria-label="Discovered instances">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Instance</Table.Th>
                    <Table.Th>Account</Table.Th>
                    <Table.Th>Type</Table.Th>
                    <Table.Th />
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {d.items.map((item) => (
                    <Table.Tr key={item.instanceId}>
                      <Table.Td>
                        {item.name}{' '}
                        <Text span c="dimmed" size="xs">
                          {item.instanceId}
                        </Text>
                      </Table.Td>
                      <Table.Td>{item.account.name ?? item.account.accountId}</Table.Td>
                      <Table.Td>{item.instanceType}</Table.Td>
                      <Table.Td>
                        {item.importedId ? (
                          <Badge variant="light">imported</Badge>
                        ) : (
                          <Button
                            size="xs"
                            onClick={() => importOne.mutate(item)}
                            loading={importOne.isPending && importOne.variables?.instanceId === item.instanceId}
                          >
                            Import
                          </Button>
                        )}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )}
          </Loaded>
          {importOne.error && (
            <Alert color="red" mt="sm" role="alert">
              {messageOf(importOne.error)}
            </Alert>
          )}
        </Card>
      )}
      <Loaded query={instances} empty={(d) => d.items.length === 0}>
        {(d) => (
          <Table.ScrollContainer minWidth={900}>
            <Table aria-label="Imported instances" verticalSpacing="sm">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Name</Table.Th>
                  <Table.Th>AMC instance</Table.Th>
                  <Table.Th>Account</Table.Th>
                  <Table.Th>Region · type</Table.Th>
                  <Table.Th>Circuit</Table.Th>
                  <Table.Th>Check</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {d.items.map((i) => (
                  <Table.Tr key={i.id}>
                    <Table.Td>{i.name}</Table.Td>
                    <Table.Td>{i.instanceId}</Table.Td>
                    <Table.Td>
                      <span data-testid="account-id">{i.account.accountId}</span>
                      {i.account.marketplaceId && (
                        <Text span c="dimmed" size="xs" data-testid="marketplace-id">
                          {' '}
                          {i.account.marketplaceId}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      {i.region}
                      {i.instanceType && ` · ${i.instanceType}`}
                    </Table.Td>
                    <Table.Td>
                      <CircuitCell id={i.id} />
                    </Table.Td>
                    <Table.Td>
                      <ValidateButton id={i.id} />
                    </Table.Td>
                    <Table.Td>
                      <Button size="xs" variant="subtle" color="red" onClick={() => setDeleting(i)}>
                        Delete
                      </Button>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Loaded>
      <DeleteDialog
        key={deleting?.id}
        opened={!!deleting}
        onClose={() => setDeleting(undefined)}
        what={`the instance “${deleting?.name ?? ''}”`}
        remove={(force) =>
          unwrap(
            api.DELETE('/api/instances/{id}', {
              params: { path: { id: deleting!.id }, ...(force && { query: { force: 'true' as const } }) },
            }),
          )
        }
        onDeleted={() => {
          setDeleting(undefined);
          void client.invalidateQueries({ queryKey: ['instances'] });
          void client.invalidateQueries({ queryKey: ['discover'] });
          void client.invalidateQueries({ queryKey: ['savedQueries'] });
        }}
      />
    </Stack>
  );
}
