/**
 * An execution's results: the configurable chart, a table the API pages, sorts and filters (ResultsTable), and
 * CSV/JSON download.
 */
import { lazy, Suspense, useState } from 'react';
import { Button, Group, Loader, Tabs } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery } from '@tanstack/react-query';
import { api, json, messageOf, unwrap } from '../api/client';
import { downloadFile } from '../lib/download';
import { Loaded } from './common';
import { ResultsTable } from './ResultsTable';

const ResultsChart = lazy(() => import('./ResultsChart'));
export function ResultsView({ executionId }: { executionId: string }) {
  const [downloading, setDownloading] = useState<string>();
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
        <ResultsTable source={{ kind: 'execution', id: executionId }} columns={chartRows.data?.columns ?? []} />
      </Tabs.Panel>
    </Tabs>
  );
}
