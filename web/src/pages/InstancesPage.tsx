/** AMC instances: discover what the Amazon token sees and import in two clicks, validate, circuit state. */
import { useState } from 'react';
import { Alert, Badge, Button, Card, Group, Stack, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Schemas } from '../../../client';
import { api, messageOf, unwrap } from '../api/client';
import { Loaded, PageHeader, when } from '../components/common';

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
            account: {
              accountId: d.account.accountId,
              ...(d.account.name && { name: d.account.name }),
              ...(d.account.marketplaceId && { marketplaceId: d.account.marketplaceId }),
            },
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
        <Button onClick={() => setDiscovering(true)} loading={discovered.isFetching}>
          Discover instances
        </Button>
      </PageHeader>
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
          <Table aria-label="Imported instances" verticalSpacing="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>AMC instance</Table.Th>
                <Table.Th>Region</Table.Th>
                <Table.Th>Circuit</Table.Th>
                <Table.Th>Check</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {d.items.map((i) => (
                <Table.Tr key={i.id}>
                  <Table.Td>{i.name}</Table.Td>
                  <Table.Td>{i.instanceId}</Table.Td>
                  <Table.Td>{i.region}</Table.Td>
                  <Table.Td>
                    <CircuitCell id={i.id} />
                  </Table.Td>
                  <Table.Td>
                    <ValidateButton id={i.id} />
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
