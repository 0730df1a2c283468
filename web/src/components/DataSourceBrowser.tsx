/** The AMC table catalogue: search, category, a table's fields with their aggregation thresholds. */
import { useState } from 'react';
import {
  Badge,
  Button,
  Group,
  NavLink,
  ScrollArea,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../api/client';
import { Loaded } from './common';

const THRESHOLD_COLORS: Record<string, string> = {
  NONE: 'gray',
  LOW: 'green',
  MEDIUM: 'yellow',
  HIGH: 'orange',
  VERY_HIGH: 'red',
  INTERNAL: 'dark',
};

export function useDataSource(name: string | null) {
  return useQuery({
    queryKey: ['dataSource', name],
    queryFn: () => unwrap(api.GET('/api/data-sources/{id}', { params: { path: { id: name! } } })),
    enabled: !!name,
    staleTime: Infinity,
  });
}

export function DataSourceBrowser({ onInsert }: { onInsert?: (text: string) => void }) {
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search.trim(), 250);
  const [category, setCategory] = useState<string | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [fieldFilter, setFieldFilter] = useState('');
  const categories = useQuery({
    queryKey: ['dataSourceCategories'],
    queryFn: () => unwrap(api.GET('/api/data-sources/categories')),
    staleTime: Infinity,
  });
  const sources = useQuery({
    queryKey: ['dataSources', debounced, category],
    queryFn: () =>
      unwrap(
        api.GET('/api/data-sources', {
          params: { query: { ...(debounced && { search: debounced }), ...(category && { category }) } },
        }),
      ),
    staleTime: 60_000,
  });
  const table = useDataSource(selected);
  return (
    <SimpleGrid cols={{ base: 1, md: 2 }}>
      <Stack gap="xs">
        <Group grow align="end">
          <TextInput label="Search tables" value={search} onChange={(e) => setSearch(e.currentTarget.value)} />
          <Select
            label="Category"
            clearable
            placeholder="All"
            data={(categories.data?.items ?? []).map((c) => ({
              value: c.category,
              label: `${c.category} (${c.tableCount})`,
            }))}
            value={category}
            onChange={setCategory}
          />
        </Group>
        <ScrollArea h={420} type="auto">
          <Loaded query={sources} empty={(d) => d.items.length === 0}>
            {(d) =>
              d.items.map((s) => (
                <NavLink
                  key={s.id}
                  label={s.name}
                  description={s.category}
                  active={selected === s.name}
                  onClick={() => setSelected(s.name)}
                />
              ))
            }
          </Loaded>
        </ScrollArea>
      </Stack>
      <Stack gap="xs">
        {!selected && <Text c="dimmed">Choose a table to see its fields.</Text>}
        {selected && (
          <Loaded query={table}>
            {(t) => (
              <>
                <Group justify="space-between">
                  <Title order={3} size="h4">
                    {t.name}
                  </Title>
                  {onInsert && (
                    <Button size="xs" variant="light" onClick={() => onInsert(t.name)}>
                      Insert name
                    </Button>
                  )}
                </Group>
                <Text size="sm" c="dimmed">
                  {t.description}
                </Text>
                <Group gap="xs">
                  {t.paid && <Badge color="grape">paid feature</Badge>}
                  {t.audienceOf && <Badge variant="outline">audience twin of {t.audienceOf}</Badge>}
                </Group>
                <TextInput
                  label="Filter fields"
                  size="xs"
                  value={fieldFilter}
                  onChange={(e) => setFieldFilter(e.currentTarget.value)}
                />
                <ScrollArea h={320} type="auto">
                  <Table aria-label={`Fields of ${t.name}`} fz="xs">
                    <Table.Thead>
                      <Table.Tr>
                        <Table.Th>Field</Table.Th>
                        <Table.Th>Type</Table.Th>
                        <Table.Th>Kind</Table.Th>
                        <Table.Th>Threshold</Table.Th>
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {t.fields
                        .filter((f) => !fieldFilter || f.name.includes(fieldFilter.toLowerCase()))
                        .map((f) => (
                          <Table.Tr key={f.name} title={f.description}>
                            <Table.Td>
                              {onInsert ? (
                                <Button size="compact-xs" variant="subtle" onClick={() => onInsert(f.name)}>
                                  {f.name}
                                </Button>
                              ) : (
                                f.name
                              )}
                            </Table.Td>
                            <Table.Td>{f.type}</Table.Td>
                            <Table.Td>{f.kind ?? ''}</Table.Td>
                            <Table.Td>
                              {f.aggregationThreshold && (
                                <Badge size="xs" color={THRESHOLD_COLORS[f.aggregationThreshold] ?? 'gray'}>
                                  {f.aggregationThreshold}
                                </Badge>
                              )}
                            </Table.Td>
                          </Table.Tr>
                        ))}
                    </Table.Tbody>
                  </Table>
                </ScrollArea>
              </>
            )}
          </Loaded>
        )}
      </Stack>
    </SimpleGrid>
  );
}
