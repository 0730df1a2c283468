/** Recent runs (newest first), filterable by status; live rows refresh while any is running. */
import { useState } from 'react';
import { Select, Stack, Table } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'wouter';
import type { Schemas } from '../../../client';
import { api, unwrap } from '../api/client';
import { Loaded, PageHeader, StatusBadge, when } from '../components/common';
import { TERMINAL } from '../lib/status';

type Status = Schemas['Execution']['status'];

export function RunsPage() {
  const [status, setStatus] = useState<Status | null>(null);
  const runs = useQuery({
    queryKey: ['executions', status],
    queryFn: () => unwrap(api.GET('/api/executions', { params: { query: { limit: 100, ...(status && { status }) } } })),
    refetchInterval: (q) => (q.state.data?.items.some((e) => !TERMINAL.includes(e.status)) ? 3000 : false),
  });
  return (
    <Stack>
      <PageHeader title="Runs">
        <Select
          aria-label="Status"
          placeholder="Any status"
          clearable
          data={['PENDING', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED']}
          value={status}
          onChange={(v) => setStatus(v as Status | null)}
        />
      </PageHeader>
      <Loaded query={runs} empty={(d) => d.items.length === 0}>
        {(d) => (
          <Table aria-label="Runs" highlightOnHover>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Created</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>Kind</Table.Th>
                <Table.Th>Window</Table.Th>
                <Table.Th>Rows</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {d.items.map((e) => (
                <Table.Tr key={e.id}>
                  <Table.Td>
                    <Link href={`/runs/${e.id}`}>{when(e.createdAt)}</Link>
                  </Table.Td>
                  <Table.Td>
                    <StatusBadge status={e.status} title={e.error?.message} />
                  </Table.Td>
                  <Table.Td>{e.runKind}</Table.Td>
                  <Table.Td>
                    {e.timeWindowStart.slice(0, 10)} → {e.timeWindowEnd.slice(0, 10)}
                  </Table.Td>
                  <Table.Td>{e.rowCount ?? '—'}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Loaded>
    </Stack>
  );
}
