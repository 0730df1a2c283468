/** One run: live status, error, results (table, chart, downloads) and the SQL as sent. */
import { Card, Code, Stack, Text } from '@mantine/core';
import { Link } from 'wouter';
import { useLiveExecution } from '../api/live';
import { Loaded, PageHeader, when } from '../components/common';
import { ExecutionStatus } from '../components/ExecutionStatus';
import { ResultsView } from '../components/ResultsView';

export default function ExecutionPage({ id }: { id: string }) {
  const live = useLiveExecution(id);
  return (
    <Stack>
      <PageHeader title="Run" />
      <Loaded query={live}>
        {(e) => (
          <>
            <Card withBorder>
              <ExecutionStatus execution={e} streamError={live.streamError} />
              <Text size="sm" mt="xs">
                Query: <Link href={`/queries/${e.workflowId}`}>open the saved query</Link> · {e.runKind} run · created{' '}
                {when(e.createdAt)} · window {e.timeWindowStart} → {e.timeWindowEnd} ({e.timeWindowTimeZone})
              </Text>
            </Card>
            {e.status === 'SUCCEEDED' && (
              <Card withBorder>
                <ResultsView executionId={e.id} />
              </Card>
            )}
            <Card withBorder>
              <Text fw={500} mb="xs">
                SQL as sent to AMC
              </Text>
              <Code block>{e.sqlQuery}</Code>
            </Card>
          </>
        )}
      </Loaded>
    </Stack>
  );
}
