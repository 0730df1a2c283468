import { Stack } from '@mantine/core';
import { PageHeader } from '../components/common';
import { DataSourceBrowser } from '../components/DataSourceBrowser';

export function DataSourcesPage() {
  return (
    <Stack>
      <PageHeader title="Data sources" />
      <DataSourceBrowser />
    </Stack>
  );
}
