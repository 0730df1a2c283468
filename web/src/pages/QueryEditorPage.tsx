/**
 * A saved query: name, instance, tags, the AMC SQL editor (completion from the data-source catalogue),
 * parameters detected from the SQL with their declarations, the data-source browser, and the run panel with
 * the live run and its results below.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import {
  Alert,
  Button,
  Card,
  Drawer,
  Grid,
  Group,
  Select,
  Stack,
  TagsInput,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useLocation } from 'wouter';
import type { Schemas } from '../../../client';
import { ApiError, api, messageOf, unwrap } from '../api/client';
import { useLiveExecution } from '../api/live';
import { usePreflightCheck } from '../api/preflight';
import { CheckFindings, CheckSummary } from '../components/CheckFindings';
import { Loaded, PageHeader } from '../components/common';
import { DataSourceBrowser } from '../components/DataSourceBrowser';
import { DeleteDialog } from '../components/DeleteDialog';
import { ParameterDeclarations } from '../components/ParameterForms';
import { ResultsView } from '../components/ResultsView';
import { RunPanel } from '../components/RunPanel';
import { SqlEditor, focusEditorAt, insertIntoEditor, type SqlError, type SqlFinding } from '../components/SqlEditor';
import { detectParameters, syncDeclarations, type ParameterDefinition } from '../lib/parameters';
import { useInstances } from './InstancesPage';

interface Draft {
  name: string;
  description: string;
  instanceId: string | null;
  sqlQuery: string;
  parameters: Record<string, ParameterDefinition>;
  tags: string[];
}

const EMPTY: Draft = { name: '', description: '', instanceId: null, sqlQuery: '', parameters: {}, tags: [] };

const fromSaved = (q: Schemas['SavedQuery']): Draft => ({
  name: q.name,
  description: q.description ?? '',
  instanceId: q.instanceId,
  sqlQuery: q.sqlQuery,
  parameters: q.parameters as Record<string, ParameterDefinition>,
  tags: q.tags,
});

/** Table names for completion, and the columns of the tables the SQL mentions (fetched as they appear). */
function useSqlSchema(sqlText: string) {
  const tables = useQuery({
    queryKey: ['dataSources', '', null],
    queryFn: () => unwrap(api.GET('/api/data-sources')),
    staleTime: Infinity,
  });
  const names = useMemo(() => (tables.data?.items ?? []).map((t) => t.name), [tables.data]);
  const used = useMemo(() => {
    const words = new Set(sqlText.toLowerCase().match(/[a-z_][a-z0-9_]*/g) ?? []);
    return names.filter((n) => words.has(n)).slice(0, 12);
  }, [names, sqlText]);
  const details = useQueries({
    queries: used.map((name) => ({
      queryKey: ['dataSource', name],
      queryFn: () => unwrap(api.GET('/api/data-sources/{id}', { params: { path: { id: name } } })),
      staleTime: Infinity,
    })),
  });
  const fieldsKey = details.map((d) => (d.data ? d.data.name : '')).join(',');
  const schema = useMemo(() => {
    const out: Record<string, string[]> = Object.fromEntries(names.map((n) => [n, []]));
    for (const d of details) if (d.data) out[d.data.name] = d.data.fields.map((f) => f.name);
    return out;
    // fieldsKey stands for the loaded details
  }, [names, fieldsKey]);
  return { schema, defaultTable: used[0] };
}

export default function QueryEditorPage({ id }: { id?: string }) {
  const [, navigate] = useLocation();
  const client = useQueryClient();
  const instances = useInstances();
  const saved = useQuery({
    queryKey: ['savedQuery', id],
    queryFn: () => unwrap(api.GET('/api/workflows/{id}', { params: { path: { id: id! } } })),
    enabled: !!id,
  });
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [dirty, setDirty] = useState(!id);
  const [sqlError, setSqlError] = useState<SqlError>();
  const [browserOpen, setBrowserOpen] = useState(false);
  const [executionId, setExecutionId] = useState<string>();
  const editorBox = useRef<HTMLDivElement>(null);
  const { schema, defaultTable } = useSqlSchema(draft.sqlQuery);
  const live = useLiveExecution(executionId);
  const preflight = usePreflightCheck(draft.sqlQuery, draft.parameters, draft.instanceId);
  const findings = preflight.findings?.items ?? [];
  const parameterStyles = useMemo(
    () => Object.fromEntries(detectParameters(draft.sqlQuery).map((p) => [p.name, p.kind])),
    [draft.sqlQuery],
  );
  // What the last save answered about the SQL (shown until the next edit).
  const [saveWarnings, setSaveWarnings] = useState<SqlFinding[]>();
  const jump = (line: number, column: number) => focusEditorAt(editorBox.current, line, column);

  // The editor shows the saved query once it is loaded, and a later copy of it (a refetch, the answer to a save)
  // only while nothing is being edited: unsaved edits are never replaced behind the user's back.
  const [loadedId, setLoadedId] = useState<string>();
  const dirtyRef = useRef(dirty);
  dirtyRef.current = dirty;
  useEffect(() => {
    if (!saved.data || (loadedId === saved.data.id && dirtyRef.current)) return;
    setDraft(fromSaved(saved.data));
    setDirty(false);
    setLoadedId(saved.data.id);
  }, [saved.data]);
  useEffect(() => {
    if (!id && !draft.instanceId && instances.data?.items[0])
      setDraft((d) => ({ ...d, instanceId: instances.data.items[0]!.id }));
  }, [id, draft.instanceId, instances.data]);

  const edit = (patch: Partial<Draft>) => {
    setDraft((d) => ({ ...d, ...patch }));
    setDirty(true);
    setSaveWarnings(undefined);
  };
  const editSql = (sqlQuery: string) => {
    setDraft((d) => ({ ...d, sqlQuery, parameters: syncDeclarations(sqlQuery, d.parameters) }));
    setDirty(true);
    setSqlError(undefined);
    setSaveWarnings(undefined);
  };

  const save = useMutation({
    mutationFn: async (): Promise<Schemas['SavedQueryWithWarnings']> => {
      const body = {
        name: draft.name,
        ...(draft.description && { description: draft.description }),
        instanceId: draft.instanceId ?? '',
        sqlQuery: draft.sqlQuery,
        parameters: draft.parameters,
        tags: draft.tags,
      };
      return id
        ? unwrap(api.PUT('/api/workflows/{id}', { params: { path: { id } }, body }))
        : unwrap(api.POST('/api/workflows', { body }));
    },
    onSuccess: ({ warnings, ...q }) => {
      setDirty(false);
      setLoadedId(q.id); // a new query keeps its editor and run panel when its URL gains the id
      setSaveWarnings(warnings);
      client.setQueryData(['savedQuery', q.id], q);
      void client.invalidateQueries({ queryKey: ['savedQueries'] });
      const errors = warnings.filter((w) => w.severity === 'error').length;
      notifications.show({
        color: errors > 0 ? 'yellow' : 'green',
        message:
          warnings.length === 0
            ? `Saved “${q.name}”`
            : `Saved “${q.name}” with ${warnings.length} finding${warnings.length === 1 ? '' : 's'}${errors > 0 ? `: AMC will refuse ${errors === 1 ? 'one' : errors}` : ''}`,
      });
      if (!id) navigate(`/queries/${q.id}`, { replace: true });
    },
  });
  const fieldErrors = save.error instanceof ApiError ? save.error.fields : {};
  const saveError = save.error && Object.keys(fieldErrors).length === 0 ? messageOf(save.error) : undefined;
  const beforeRun = async () => (dirty ? (await save.mutateAsync()).id : id);

  const [deleting, setDeleting] = useState(false);
  const remove = async (force: boolean) => {
    const params = { path: { id: id! }, ...(force && { query: { force: 'true' as const } }) };
    return unwrap(api.DELETE('/api/workflows/{id}', { params }));
  };

  const body = (
    <Grid>
      <Grid.Col span={{ base: 12, lg: 8 }}>
        <Stack>
          <Card withBorder>
            <Stack gap="sm">
              <Group grow align="start">
                <TextInput
                  label="Name"
                  required
                  value={draft.name}
                  onChange={(e) => edit({ name: e.currentTarget.value })}
                  error={fieldErrors.name}
                />
                <Select
                  label="AMC instance"
                  required
                  data={(instances.data?.items ?? []).map((i) => ({
                    value: i.id,
                    label: `${i.name} (${i.instanceId})`,
                  }))}
                  value={draft.instanceId}
                  onChange={(v) => edit({ instanceId: v })}
                  error={fieldErrors.instanceId}
                />
              </Group>
              <Textarea
                label="Description"
                autosize
                minRows={1}
                value={draft.description}
                onChange={(e) => edit({ description: e.currentTarget.value })}
                error={fieldErrors.description}
              />
              <TagsInput label="Tags" value={draft.tags} onChange={(tags) => edit({ tags })} error={fieldErrors.tags} />
              <div>
                <Group justify="space-between" mb={4}>
                  <Text size="sm" fw={500} id="sql-label">
                    AMC SQL
                  </Text>
                  <Button size="compact-sm" variant="subtle" onClick={() => setBrowserOpen(true)}>
                    Browse data sources
                  </Button>
                </Group>
                <div ref={editorBox}>
                  <SqlEditor
                    label="AMC SQL"
                    value={draft.sqlQuery}
                    onChange={editSql}
                    schema={schema}
                    defaultTable={defaultTable}
                    error={sqlError}
                    findings={preflight.findings}
                  />
                </div>
                <Stack gap={4} mt={4}>
                  <CheckSummary checking={preflight.checking} items={findings} failed={!!preflight.error} />
                  {findings.length > 0 && (
                    <CheckFindings items={findings} onJump={jump} testId="check-findings" label="Pre-flight findings" />
                  )}
                </Stack>
                {(fieldErrors.sqlQuery || sqlError) && (
                  <Text size="sm" c="red.8" role="alert" mt={4} data-testid="sql-error">
                    {fieldErrors.sqlQuery ?? sqlError?.message}
                    {sqlError?.line != null &&
                      ` (line ${sqlError.line}${sqlError.column != null ? `, column ${sqlError.column}` : ''})`}
                  </Text>
                )}
              </div>
              <div>
                <Title order={2} size="h5" mb={4}>
                  Parameters
                </Title>
                <ParameterDeclarations
                  parameters={draft.parameters}
                  styles={parameterStyles}
                  onChange={(parameters) => edit({ parameters })}
                  errors={fieldErrors}
                />
              </div>
              {saveWarnings && saveWarnings.length > 0 && (
                <Alert
                  color={saveWarnings.some((w) => w.severity === 'error') ? 'orange' : 'yellow'}
                  title="Saved, with what AMC will say about it"
                >
                  <CheckFindings items={saveWarnings} onJump={jump} testId="save-warnings" label="Findings at save" />
                </Alert>
              )}
              {saveError && (
                <Alert color="red" role="alert">
                  {saveError}
                </Alert>
              )}
              <Group>
                <Button onClick={() => save.mutate()} loading={save.isPending} disabled={!dirty}>
                  {dirty ? 'Save' : 'Saved'}
                </Button>
                {id && (
                  <>
                    <Button component={Link} href={`/schedules?workflowId=${id}`} variant="default">
                      Schedule…
                    </Button>
                    <Button component={Link} href={`/collections?workflowId=${id}`} variant="default">
                      Collect weekly…
                    </Button>
                    <Button variant="subtle" color="red" onClick={() => setDeleting(true)}>
                      Delete
                    </Button>
                  </>
                )}
              </Group>
            </Stack>
          </Card>
        </Stack>
      </Grid.Col>
      <Grid.Col span={{ base: 12, lg: 4 }}>
        <RunPanel
          parameters={draft.parameters}
          beforeRun={beforeRun}
          onSqlError={setSqlError}
          executionId={executionId}
          onExecution={setExecutionId}
        />
      </Grid.Col>
      {live.data?.status === 'SUCCEEDED' && (
        <Grid.Col span={12}>
          <Card withBorder aria-label="Results">
            <ResultsView executionId={live.data.id} />
          </Card>
        </Grid.Col>
      )}
    </Grid>
  );

  return (
    <Stack>
      <PageHeader title={id ? draft.name || 'Query' : 'New query'} />
      {/* The body keeps its place in the tree when a new query is saved (its URL gains the id), so the run
          panel's values and the editor survive the first save. */}
      {id && loadedId !== id && <Loaded query={saved}>{() => null}</Loaded>}
      {(!id || loadedId === id) && body}
      {id && (
        <DeleteDialog
          opened={deleting}
          onClose={() => setDeleting(false)}
          what={`the saved query “${draft.name}”`}
          remove={remove}
          onDeleted={() => {
            client.removeQueries({ queryKey: ['savedQuery', id] });
            void client.invalidateQueries({ queryKey: ['savedQueries'] });
            navigate('/queries');
          }}
        />
      )}
      <Drawer
        opened={browserOpen}
        onClose={() => setBrowserOpen(false)}
        title="Data sources"
        position="right"
        size="xl"
      >
        <DataSourceBrowser onInsert={(text) => insertIntoEditor(editorBox.current, text)} />
      </Drawer>
    </Stack>
  );
}
