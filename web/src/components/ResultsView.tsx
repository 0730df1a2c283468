/** An execution's results: a paged, sortable table, CSV/JSON download and the configurable chart. */
import { lazy, Suspense, useMemo, useState } from 'react';
import { Button, Group, Loader, Pagination, Stack, Table, Tabs, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, json, messageOf, unwrap } from '../api/client';
import { compareValues } from '../lib/columns';
import { downloadFile } from '../lib/download';
import { Loaded } from './common';

const ResultsChart = lazy(() => import('./ResultsChart'));
const PAGE = 100;

type Sort = { column: string; dir: 'asc' | 'desc' } | null;

export function ResultsView({ executionId }: { executionId: string }) {
  const [page, setPage] = useState(1);
  const [sort, setSort] = useState<Sort>(null);
  const [downloading, setDownloading] = useState<string>();
  const rows = useQuery({
    queryKey: ['results', executionId, page, sort],
    queryFn: async () =>
      json(
        await unwrap(
          api.GET('/api/executions/{id}/results', {
            params: {
              path: { id: executionId },
              // sort=<column>:<dir> is the contract's server-side sort (not in every API version's document yet, hence
              // the untyped spread); the page is also sorted here, so the view is ordered either way.
              query: {
                format: 'json',
                limit: PAGE,
                offset: (page - 1) * PAGE,
                ...(sort && ({ sort: `${sort.column}:${sort.dir}` } as object)),
              },
            },
          }),
        ),
      ),
    placeholderData: keepPreviousData,
  });
  const chartRows = useQuery({
    queryKey: ['results', executionId, 'chart'],
    queryFn: async () =>
      json(
        await unwrap(
          api.GET('/api/executions/{id}/results', {
            params: { path: { id: executionId }, query: { format: 'json', limit: 5000 } },
          }),
        ),
      ),
  });
  const sorted = useMemo(() => {
    const data = rows.data?.rows ?? [];
    if (!sort) return data;
    const out = [...data].sort((a, b) => compareValues(a[sort.column], b[sort.column]));
    return sort.dir === 'desc' ? out.reverse() : out;
  }, [rows.data, sort]);
  const download = async (format: 'csv' | 'json') => {
    setDownloading(format);
    try {
      await downloadFile(
        `/api/executions/${executionId}/results?format=${format}${format === 'json' ? '&limit=10000' : ''}`,
        `execution-${executionId}.${format}`,
        format === 'csv' ? 'text/csv' : 'application/json',
      );
    } catch (err) {
      notifications.show({ color: 'red', title: 'Download failed', message: messageOf(err) });
    } finally {
      setDownloading(undefined);
    }
  };
  const toggleSort = (column: string) =>
    setSort((s) => (s?.column !== column ? { column, dir: 'asc' } : s.dir === 'asc' ? { column, dir: 'desc' } : null));
  return (
    <Tabs defaultValue="chart" keepMounted={false}>
      <Group justify="space-between" wrap="wrap">
        <Tabs.List>
          <Tabs.Tab value="chart">Chart</Tabs.Tab>
          <Tabs.Tab value="table">Table</Tabs.Tab>
        </Tabs.List>
        <Group gap="xs">
          <Button size="xs" variant="default" loading={downloading === 'csv'} onClick={() => void download('csv')}>
            Download CSV
          </Button>
          <Button size="xs" variant="default" loading={downloading === 'json'} onClick={() => void download('json')}>
            Download JSON
          </Button>
        </Group>
      </Group>
      <Tabs.Panel value="chart" pt="md">
        <Loaded query={chartRows} empty={(d) => d.rows.length === 0}>
          {(d) => (
            <Suspense fallback={<Loader size="sm" aria-label="Loading chart" />}>
              <ResultsChart columns={d.columns} rows={d.rows} />
            </Suspense>
          )}
        </Loaded>
      </Tabs.Panel>
      <Tabs.Panel value="table" pt="md">
        <Loaded query={rows}>
          {(d) => (
            <Stack gap="xs">
              <Table.ScrollContainer minWidth={600}>
                <Table striped aria-label="Result rows" fz="sm">
                  <Table.Thead>
                    <Table.Tr>
                      {d.columns.map((c) => (
                        <Table.Th
                          key={c.name}
                          aria-sort={
                            sort?.column === c.name ? (sort.dir === 'asc' ? 'ascending' : 'descending') : 'none'
                          }
                        >
                          <Button variant="subtle" size="compact-sm" onClick={() => toggleSort(c.name)} title={c.type}>
                            {c.name}
                            {sort?.column === c.name ? (sort.dir === 'asc' ? ' ▲' : ' ▼') : ''}
                          </Button>
                        </Table.Th>
                      ))}
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {sorted.map((r, i) => (
                      <Table.Tr key={i}>
                        {d.columns.map((c) => (
                          <Table.Td key={c.name}>
                            {r[c.name] === null || r[c.name] === undefined ? '∅' : String(r[c.name])}
                          </Table.Td>
                        ))}
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
              <Group justify="space-between">
                <Text size="sm">{d.total} rows</Text>
                <Pagination total={Math.max(1, Math.ceil(d.total / PAGE))} value={page} onChange={setPage} size="sm" />
              </Group>
            </Stack>
          )}
        </Loaded>
      </Tabs.Panel>
    </Tabs>
  );
}
