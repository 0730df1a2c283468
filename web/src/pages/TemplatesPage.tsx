/** The template gallery: by category, with descriptions; "Use" saves it as a query on one of your instances. */
import { useState } from 'react';
import { Alert, Badge, Button, Card, Group, Select, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useLocation } from 'wouter';
import { api, messageOf, unwrap } from '../api/client';
import { Loaded, PageHeader } from '../components/common';
import { useInstances } from './InstancesPage';

export function TemplatesPage() {
  const [, navigate] = useLocation();
  const client = useQueryClient();
  const [category, setCategory] = useState<string | null>(null);
  const [search, setSearch] = useState('');
  const instances = useInstances();
  const [instanceId, setInstanceId] = useState<string | null>(null);
  const chosenInstance = instanceId ?? instances.data?.items[0]?.id ?? null;
  const templates = useQuery({
    queryKey: ['templates'],
    queryFn: () => unwrap(api.GET('/api/query-templates')),
  });
  const use = useMutation({
    mutationFn: (slug: string) =>
      unwrap(
        api.POST('/api/query-templates/{id}/create-workflow', {
          params: { path: { id: slug } },
          body: { instanceId: chosenInstance ?? '' },
        }),
      ),
    onSuccess: (saved) => {
      void client.invalidateQueries({ queryKey: ['savedQueries'] });
      navigate(`/queries/${saved.id}`);
    },
  });
  const categories = [...new Set((templates.data?.items ?? []).map((t) => t.category))].sort();
  return (
    <Stack>
      <PageHeader title="Template gallery" />
      {instances.data && instances.data.items.length === 0 && (
        <Alert color="yellow">
          Import an AMC instance first: <Link href="/instances">Instances</Link>.
        </Alert>
      )}
      <Group align="end" wrap="wrap">
        <Select
          label="Category"
          placeholder="All categories"
          clearable
          data={categories}
          value={category}
          onChange={setCategory}
        />
        <TextInput label="Search" value={search} onChange={(e) => setSearch(e.currentTarget.value)} />
        <Select
          label="Save on instance"
          data={(instances.data?.items ?? []).map((i) => ({ value: i.id, label: i.name }))}
          value={chosenInstance}
          onChange={setInstanceId}
        />
      </Group>
      {use.error && (
        <Alert color="red" role="alert">
          {messageOf(use.error)}
        </Alert>
      )}
      <Loaded query={templates}>
        {(d) => {
          const needle = search.trim().toLowerCase();
          const shown = d.items.filter(
            (t) =>
              (!category || t.category === category) &&
              (!needle || `${t.name} ${t.description} ${t.tags.join(' ')}`.toLowerCase().includes(needle)),
          );
          return (
            <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
              {shown.map((t) => (
                <Card withBorder key={t.id} component="article" aria-label={t.name}>
                  <Stack gap="xs" h="100%">
                    <Badge variant="light" size="sm">
                      {t.category}
                    </Badge>
                    <Title order={2} size="h5">
                      {t.name}
                    </Title>
                    <Text size="sm" c="dimmed" lineClamp={4}>
                      {t.description}
                    </Text>
                    <Text size="xs">Tables: {t.dataSources.join(', ')}</Text>
                    <Group mt="auto" justify="space-between">
                      <Text size="xs" c="dimmed">
                        used {t.usageCount}×
                      </Text>
                      <Button
                        size="xs"
                        disabled={!chosenInstance}
                        loading={use.isPending && use.variables === t.slug}
                        onClick={() => use.mutate(t.slug)}
                        aria-label={`Use template ${t.name}`}
                      >
                        Use template
                      </Button>
                    </Group>
                  </Stack>
                </Card>
              ))}
            </SimpleGrid>
          );
        }}
      </Loaded>
    </Stack>
  );
}
