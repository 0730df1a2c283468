/** Data collections: the list with progress, and a form to start one (a saved query, a date range, weeks). */
import { useState } from 'react';
import { Alert, Button, Card, Group, NumberInput, Progress, Select, Stack, Table, Title } from '@mantine/core';
import { DateInput } from '@mantine/dates';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useLocation, useSearch } from 'wouter';
import { ApiError, api, messageOf, unwrap } from '../api/client';
import { Loaded, PageHeader, StatusBadge, when } from '../components/common';
import { ParameterValues, parameterPayload } from '../components/ParameterForms';
import type { ParameterDefinition } from '../lib/parameters';
import { COLLECTION_DONE } from '../lib/status';
import { addDays, isoDay, today } from '../lib/time-window';
import { useSavedQueries } from './QueriesPage';

const WEEK_DAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;

function CreateCollection() {
  const [, navigate] = useLocation();
  const client = useQueryClient();
  const search = new URLSearchParams(useSearch());
  const queries = useSavedQueries();
  const [workflowId, setWorkflowId] = useState<string | null>(search.get('workflowId'));
  const [startDate, setStartDate] = useState<string | null>(isoDay(addDays(today(), -8 * 7 - 3)));
  const [endDate, setEndDate] = useState<string | null>(isoDay(addDays(today(), -3)));
  const [weekStartDay, setWeekStartDay] = useState<(typeof WEEK_DAYS)[number]>('monday');
  const [concurrency, setConcurrency] = useState<number | string>('');
  const [values, setValues] = useState<Record<string, string>>({});
  const savedQuery = queries.data?.items.find((q) => q.id === workflowId);
  const parameters = (savedQuery?.parameters ?? {}) as Record<string, ParameterDefinition>;
  const create = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/data-collections', {
          body: {
            workflowId: workflowId ?? '',
            startDate: startDate ?? '',
            endDate: endDate ?? '',
            weekStartDay,
            ...(typeof concurrency === 'number' && { concurrency }),
            parameters: parameterPayload(parameters, values),
          },
        }),
      ),
    onSuccess: (c) => {
      void client.invalidateQueries({ queryKey: ['collections'] });
      navigate(`/collections/${c.id}`);
    },
  });
  const errors = create.error instanceof ApiError ? create.error.fields : {};
  return (
    <Card withBorder component="section" aria-label="New collection">
      <Title order={2} size="h4" mb="sm">
        New weekly collection
      </Title>
      <Stack gap="xs">
        <Select
          label="Saved query"
          required
          searchable
          data={(queries.data?.items ?? []).map((q) => ({ value: q.id, label: q.name }))}
          value={workflowId}
          onChange={setWorkflowId}
          error={errors.workflowId}
        />
        <Group grow align="start">
          <DateInput
            label="From"
            valueFormat="YYYY-MM-DD"
            value={startDate}
            onChange={setStartDate}
            error={errors.startDate}
          />
          <DateInput
            label="To (inclusive)"
            valueFormat="YYYY-MM-DD"
            value={endDate}
            onChange={setEndDate}
            error={errors.endDate}
          />
          <Select
            label="Weeks start on"
            data={[...WEEK_DAYS]}
            value={weekStartDay}
            onChange={(v) => v && setWeekStartDay(v as (typeof WEEK_DAYS)[number])}
            allowDeselect={false}
          />
          <NumberInput
            label="Weeks in flight"
            description="default: twice the instance limit"
            min={1}
            max={1000}
            value={concurrency}
            onChange={setConcurrency}
            error={errors.concurrency}
          />
        </Group>
        <ParameterValues parameters={parameters} values={values} onChange={setValues} errors={errors} />
        {create.error && Object.keys(errors).length === 0 && (
          <Alert color="red" role="alert">
            {messageOf(create.error)}
          </Alert>
        )}
        <Group>
          <Button onClick={() => create.mutate()} loading={create.isPending}>
            Start collection
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}

export function CollectionsPage() {
  const collections = useQuery({
    queryKey: ['collections'],
    queryFn: () => unwrap(api.GET('/api/data-collections', { params: { query: { limit: 100 } } })),
    refetchInterval: (q) => (q.state.data?.items.some((c) => !COLLECTION_DONE.includes(c.status)) ? 5000 : false),
  });
  return (
    <Stack>
      <PageHeader title="Data collections" />
      <CreateCollection />
      <Loaded query={collections} empty={(d) => d.items.length === 0}>
        {(d) => (
          <Table aria-label="Collections" highlightOnHover>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Range</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>Progress</Table.Th>
                <Table.Th>Created</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {d.items.map((c) => (
                <Table.Tr key={c.id}>
                  <Table.Td>
                    <Link href={`/collections/${c.id}`}>
                      {c.startDate} → {c.endDate}
                    </Link>{' '}
                    ({c.totalWeeks} weeks)
                  </Table.Td>
                  <Table.Td>
                    <StatusBadge status={c.status} />
                  </Table.Td>
                  <Table.Td miw={140}>
                    <Progress value={c.progress * 100} aria-label={`${Math.round(c.progress * 100)}% done`} />
                  </Table.Td>
                  <Table.Td>{when(c.createdAt)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Loaded>
    </Stack>
  );
}
