/** Schedules: the list, and a form to create one (presets or cron, time zone, window, parameters). */
import { useState } from 'react';
import {
  Alert,
  Badge,
  Button,
  Card,
  Group,
  NumberInput,
  SegmentedControl,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useLocation, useSearch } from 'wouter';
import { ApiError, api, messageOf, unwrap } from '../api/client';
import { Loaded, PageHeader } from '../components/common';
import { ParameterValues, parameterPayload } from '../components/ParameterForms';
import { WEEKDAYS, presetCron, timeZones, type Preset } from '../lib/cron';
import type { ParameterDefinition } from '../lib/parameters';
import { useSavedQueries } from './QueriesPage';

function CreateSchedule() {
  const [, navigate] = useLocation();
  const client = useQueryClient();
  const search = new URLSearchParams(useSearch());
  const queries = useSavedQueries();
  const [workflowId, setWorkflowId] = useState<string | null>(search.get('workflowId'));
  const [preset, setPreset] = useState<Preset>('weekly');
  const [time, setTime] = useState('06:00');
  const [weekday, setWeekday] = useState('MON');
  const [monthDay, setMonthDay] = useState<number | string>(1);
  const [custom, setCustom] = useState('0 6 * * MON');
  const [timezone, setTimezone] = useState<string | null>(Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC');
  const [lookbackDays, setLookbackDays] = useState<number | string>(7);
  const [lagDays, setLagDays] = useState<number | string>(14);
  const [values, setValues] = useState<Record<string, string>>({});
  const savedQuery = queries.data?.items.find((q) => q.id === workflowId);
  const parameters = (savedQuery?.parameters ?? {}) as Record<string, ParameterDefinition>;
  const cron = presetCron(preset, time, weekday, Number(monthDay) || 1, custom);
  const create = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/workflows/{id}/schedules', {
          params: { path: { id: workflowId ?? '00000000-0000-0000-0000-000000000000' } },
          body: {
            cron,
            timezone: timezone ?? 'UTC',
            timeWindow: { lookbackDays: Number(lookbackDays), lagDays: Number(lagDays) },
            parameters: parameterPayload(parameters, values),
          },
        }),
      ),
    onSuccess: (s) => {
      void client.invalidateQueries({ queryKey: ['schedules'] });
      navigate(`/schedules/${s.id}`);
    },
  });
  const errors = create.error instanceof ApiError ? create.error.fields : {};
  return (
    <Card withBorder component="section" aria-label="New schedule">
      <Title order={2} size="h4" mb="sm">
        New schedule
      </Title>
      <Stack gap="xs">
        <Select
          label="Saved query"
          required
          searchable
          data={(queries.data?.items ?? []).map((q) => ({ value: q.id, label: q.name }))}
          value={workflowId}
          onChange={setWorkflowId}
          error={!workflowId && create.isError ? 'choose a saved query' : undefined}
        />
        <SegmentedControl
          aria-label="Repeat"
          value={preset}
          onChange={(v) => setPreset(v as Preset)}
          data={[
            { value: 'daily', label: 'Daily' },
            { value: 'weekly', label: 'Weekly' },
            { value: 'monthly', label: 'Monthly' },
            { value: 'cron', label: 'Cron' },
          ]}
        />
        <Group grow align="start">
          {preset !== 'cron' && (
            <TextInput
              label="At (local time)"
              type="time"
              value={time}
              onChange={(e) => setTime(e.currentTarget.value)}
            />
          )}
          {preset === 'weekly' && (
            <Select
              label="On"
              data={WEEKDAYS}
              value={weekday}
              onChange={(v) => v && setWeekday(v)}
              allowDeselect={false}
            />
          )}
          {preset === 'monthly' && (
            <NumberInput label="Day of month" min={1} max={28} value={monthDay} onChange={setMonthDay} />
          )}
          {preset === 'cron' && (
            <TextInput
              label="Cron"
              description="5–7 fields, @daily, @every 1h"
              value={custom}
              onChange={(e) => setCustom(e.currentTarget.value)}
              error={errors.cron}
            />
          )}
          <Select
            label="Time zone"
            searchable
            data={timeZones()}
            value={timezone}
            onChange={setTimezone}
            error={errors.timezone}
          />
        </Group>
        {preset !== 'cron' && (
          <Text size="xs" c="dimmed">
            cron: <code>{cron}</code>{' '}
            {errors.cron && (
              <Text span c="red.8">
                {errors.cron}
              </Text>
            )}
          </Text>
        )}
        <Group grow align="start">
          <NumberInput
            label="Window: days"
            description="lookback"
            min={1}
            max={366}
            value={lookbackDays}
            onChange={setLookbackDays}
            error={errors['timeWindow.lookbackDays']}
          />
          <NumberInput
            label="Window: lag days"
            description="AMC data lag before the run's day"
            min={0}
            max={366}
            value={lagDays}
            onChange={setLagDays}
            error={errors['timeWindow.lagDays']}
          />
        </Group>
        <ParameterValues parameters={parameters} values={values} onChange={setValues} errors={errors} />
        {create.error && Object.keys(errors).length === 0 && (
          <Alert color="red" role="alert">
            {messageOf(create.error)}
          </Alert>
        )}
        <Group>
          <Button onClick={() => create.mutate()} loading={create.isPending} disabled={!workflowId}>
            Create schedule
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}

export function SchedulesPage() {
  const schedules = useQuery({
    queryKey: ['schedules'],
    queryFn: () => unwrap(api.GET('/api/schedules', { params: { query: { limit: 200 } } })),
  });
  const queries = useSavedQueries();
  const nameOf = (id: string) => queries.data?.items.find((q) => q.id === id)?.name ?? id;
  return (
    <Stack>
      <PageHeader title="Schedules" />
      <CreateSchedule />
      <Loaded query={schedules} empty={(d) => d.items.length === 0}>
        {(d) => (
          <Table aria-label="Schedules" highlightOnHover>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Query</Table.Th>
                <Table.Th>Cron</Table.Th>
                <Table.Th>Time zone</Table.Th>
                <Table.Th>Window</Table.Th>
                <Table.Th>State</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {d.items.map((s) => (
                <Table.Tr key={s.id}>
                  <Table.Td>
                    <Link href={`/schedules/${s.id}`}>{nameOf(s.workflowId)}</Link>
                  </Table.Td>
                  <Table.Td>
                    <code>{s.cron}</code>
                  </Table.Td>
                  <Table.Td>{s.timezone}</Table.Td>
                  <Table.Td>
                    {s.timeWindow.lookbackDays} d, lag {s.timeWindow.lagDays} d
                  </Table.Td>
                  <Table.Td>
                    {s.paused ? <Badge color="yellow">paused</Badge> : <Badge color="green">active</Badge>}
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
