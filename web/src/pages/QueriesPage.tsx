/** Saved queries: search by name, description or SQL, filter by tag; new query or one from a template. */
import { useMemo, useState } from 'react';
import { Badge, Button, Chip, Group, Stack, Table, Text, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'wouter';
import { api, unwrap } from '../api/client';
import { Loaded, PageHeader, when } from '../components/common';

export function useSavedQueries() {
  return useQuery({
    queryKey: ['savedQueries'],
    queryFn: () => unwrap(api.GET('/api/workflows', { params: { query: { limit: 500 } } })),
  });
}

export function QueriesPage() {
  const queries = useSavedQueries();
  const [search, setSearch] = useState('');
  const [tags, setTags] = useState<string[]>([]);
  const allTags = useMemo(
    () => [...new Set((queries.data?.items ?? []).flatMap((q) => q.tags))].sort(),
    [queries.data],
  );
  return (
    <Stack>
      <PageHeader title="Queries">
        <Button component={Link} href="/templates" variant="default">
          From a template
        </Button>
        <Button component={Link} href="/queries/new">
          New query
        </Button>
      </PageHeader>
      <TextInput
        label="Search"
        placeholder="name, description or SQL"
        value={search}
        onChange={(e) => setSearch(e.currentTarget.value)}
        maw={420}
      />
      {allTags.length > 0 && (
        <Chip.Group multiple value={tags} onChange={setTags}>
          <Group gap="xs" aria-label="Filter by tag">
            {allTags.map((t) => (
              <Chip key={t} value={t} size="xs">
                {t}
              </Chip>
            ))}
          </Group>
        </Chip.Group>
      )}
      <Loaded query={queries}>
        {(d) => {
          const needle = search.trim().toLowerCase();
          const rows = d.items.filter(
            (q) =>
              (!needle || `${q.name} ${q.description ?? ''} ${q.sqlQuery}`.toLowerCase().includes(needle)) &&
              tags.every((t) => q.tags.includes(t)),
          );
          if (rows.length === 0)
            return (
              <Text c="dimmed" size="sm">
                {d.items.length === 0
                  ? 'No saved queries yet: start from a template or write one.'
                  : 'No query matches.'}
              </Text>
            );
          return (
            <Table aria-label="Saved queries" highlightOnHover>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Name</Table.Th>
                  <Table.Th>Tags</Table.Th>
                  <Table.Th>Parameters</Table.Th>
                  <Table.Th>Updated</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((q) => (
                  <Table.Tr key={q.id}>
                    <Table.Td>
                      <Link href={`/queries/${q.id}`}>{q.name}</Link>
                      {q.description && (
                        <Text size="xs" c="dimmed" lineClamp={1}>
                          {q.description}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Group gap={4}>
                        {q.tags.map((t) => (
                          <Badge key={t} size="xs" variant="light">
                            {t}
                          </Badge>
                        ))}
                      </Group>
                    </Table.Td>
                    <Table.Td>{Object.keys(q.parameters).join(', ') || '—'}</Table.Td>
                    <Table.Td>{when(q.updatedAt)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          );
        }}
      </Loaded>
    </Stack>
  );
}
