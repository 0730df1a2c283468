/**
 * Result rows as a table the API pages, sorts and filters: `limit`/`offset`, `sort=<column>:<asc|desc>` and
 * `filter=<column>:<value>` (exact match, repeatable) go to `GET …/results`, so the order and the matches cover every
 * row of the result, not the page on screen. `total` is the number of matching rows.
 */
import { useState } from 'react';
import { Button, Group, Pagination, Pill, Select, Stack, Table, Text, TextInput } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, json, unwrap } from '../api/client';
import type { Column, Row } from '../lib/columns';
import { Loaded } from './common';

const PAGE = 100;

export type ResultsSource = { kind: 'execution' | 'collection'; id: string };
type Sort = { column: string; dir: 'asc' | 'desc' } | null;
interface Filter {
  column: string;
  value: string;
}
interface Page {
  columns: Column[];
  rows: Row[];
  total: number;
}

async function fetchPage(source: ResultsSource, page: number, sort: Sort, filters: Filter[]): Promise<Page> {
  const query = {
    format: 'json' as const,
    limit: PAGE,
    offset: (page - 1) * PAGE,
    ...(sort && { sort: `${sort.column}:${sort.dir}` }),
    ...(filters.length > 0 && { filter: filters.map((f) => `${f.column}:${f.value}`) }),
  };
  const params = { path: { id: source.id }, query };
  return json(
    await unwrap(
      source.kind === 'execution'
        ? api.GET('/api/executions/{id}/results', { params })
        : api.GET('/api/data-collections/{id}/results', { params }),
    ),
  );
}

export function ResultsTable({ source, columns }: { source: ResultsSource; columns: Column[] }) {
  const [page, setPage] = useState(1);
  const [sort, setSort] = useState<Sort>(null);
  const [filters, setFilters] = useState<Filter[]>([]);
  const [filterColumn, setFilterColumn] = useState<string | null>(null);
  const [filterValue, setFilterValue] = useState('');
  const rows = useQuery({
    queryKey: ['resultRows', source.kind, source.id, page, sort, filters],
    queryFn: () => fetchPage(source, page, sort, filters),
    placeholderData: keepPreviousData,
    retry: false,
  });
  const toggleSort = (column: string) => {
    setPage(1);
    setSort((s) => (s?.column !== column ? { column, dir: 'asc' } : s.dir === 'asc' ? { column, dir: 'desc' } : null));
  };
  const addFilter = () => {
    if (!filterColumn) return;
    setFilters((fs) => [...fs.filter((f) => f.column !== filterColumn), { column: filterColumn, value: filterValue }]);
    setFilterValue('');
    setPage(1);
  };
  const removeFilter = (column: string) => {
    setFilters((fs) => fs.filter((f) => f.column !== column));
    setPage(1);
  };
  const shown = rows.data?.columns ?? columns;
  return (
    <Stack gap="xs">
      <Group
        align="end"
        gap="xs"
        wrap="wrap"
        component="form"
        aria-label="Filter rows"
        onSubmit={(e) => {
          e.preventDefault();
          addFilter();
        }}
      >
        <Select
          label="Filter column"
          size="xs"
          data={shown.map((c) => c.name)}
          value={filterColumn}
          onChange={setFilterColumn}
          searchable
          w={200}
        />
        <TextInput
          label="equals"
          size="xs"
          value={filterValue}
          onChange={(e) => setFilterValue(e.currentTarget.value)}
          w={200}
        />
        <Button size="xs" variant="default" type="submit" disabled={!filterColumn}>
          Add filter
        </Button>
        {filters.map((f) => (
          <Pill key={f.column} withRemoveButton onRemove={() => removeFilter(f.column)} data-testid="result-filter">
            {f.column} = {f.value === '' ? '∅' : f.value}
          </Pill>
        ))}
      </Group>
      <Loaded query={rows}>
        {(d) => (
          <>
            <Table.ScrollContainer minWidth={600}>
              <Table striped aria-label="Result rows" fz="sm" aria-busy={rows.isFetching}>
                <Table.Thead>
                  <Table.Tr>
                    {d.columns.map((c) => (
                      <Table.Th
                        key={c.name}
                        aria-sort={sort?.column === c.name ? (sort.dir === 'asc' ? 'ascending' : 'descending') : 'none'}
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
                  {d.rows.map((r, i) => (
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
              <Text size="sm" data-testid="result-total">
                {d.total} {filters.length > 0 ? 'matching ' : ''}rows
              </Text>
              <Pagination
                total={Math.max(1, Math.ceil(d.total / PAGE))}
                value={page}
                onChange={setPage}
                size="sm"
                withEdges
                getControlProps={(control) => ({ 'aria-label': `${control} page` })}
              />
            </Group>
          </>
        )}
      </Loaded>
    </Stack>
  );
}
