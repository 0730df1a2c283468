/**
 * The pre-flight check as the user types: `POST /api/workflows/check` with the editor's SQL and declarations,
 * debounced, answered in milliseconds by the API's AMC SQL front end (no call to AMC). The answer carries the SQL it
 * was computed for, so the editor places findings only on the text they belong to.
 */
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { SqlFinding, SqlFindings } from '../components/SqlEditor';
import type { ParameterDefinition } from '../lib/parameters';
import { api, unwrap } from './client';

const DEBOUNCE_MS = 400;

export interface Preflight {
  findings: SqlFindings | undefined;
  ok: boolean | undefined;
  checking: boolean;
  error: unknown;
}

export function usePreflightCheck(
  sqlQuery: string,
  parameters: Record<string, ParameterDefinition>,
  instanceId: string | null,
): Preflight {
  // Debounced as text: an object made anew on every render would restart the timer each time.
  const [key] = useDebouncedValue(JSON.stringify({ sqlQuery, parameters, instanceId }), DEBOUNCE_MS);
  const input = JSON.parse(key) as {
    sqlQuery: string;
    parameters: Record<string, ParameterDefinition>;
    instanceId: string | null;
  };
  const query = useQuery({
    queryKey: ['preflight', key],
    queryFn: async ({ signal }) => {
      const report = await unwrap(
        api.POST('/api/workflows/check', {
          body: {
            sqlQuery: input.sqlQuery,
            parameters: input.parameters,
            ...(input.instanceId && { instanceId: input.instanceId }),
          },
          signal,
        }),
      );
      const items: SqlFinding[] = [
        ...report.errors.map((e) => ({ ...e, severity: 'error' as const })),
        ...report.warnings.map((w) => ({ ...w, severity: 'warning' as const })),
      ];
      return { ok: report.ok, findings: { sql: input.sqlQuery, items } };
    },
    enabled: input.sqlQuery.trim() !== '',
    placeholderData: keepPreviousData,
    staleTime: Infinity,
    retry: false,
  });
  const empty = sqlQuery.trim() === '';
  return {
    findings: empty ? undefined : query.data?.findings,
    ok: empty ? undefined : query.data?.ok,
    checking: !empty && (query.isFetching || input.sqlQuery !== sqlQuery),
    error: query.error,
  };
}
