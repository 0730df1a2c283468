/** All activities, built from their dependencies; the worker registers what this returns. */
import type { AmcClient } from '../amc/client';
import type { Repositories } from '../db';
import type { AmazonTokenService } from '../lib/amazon-tokens';
import { createAmcExecutionActivities } from './amc-executions';
import { createAmcSession } from './amc-session';
import { createScheduleActivities } from './schedules';

export interface ActivityDeps {
  repos: Pick<Repositories, 'amcInstances' | 'executions' | 'executionResults' | 'schedules' | 'savedQueries'>;
  amc: AmcClient;
  tokens: Pick<AmazonTokenService, 'getAccessToken'>;
}

export function createActivities(deps: ActivityDeps) {
  const withAmc = createAmcSession({ amcInstances: deps.repos.amcInstances, tokens: deps.tokens });
  return {
    ...createAmcExecutionActivities({
      amc: deps.amc,
      withAmc,
      executions: deps.repos.executions,
      executionResults: deps.repos.executionResults,
    }),
    ...createScheduleActivities({
      schedules: deps.repos.schedules,
      savedQueries: deps.repos.savedQueries,
      executions: deps.repos.executions,
    }),
  };
}

/** Workflows type their activity proxies with this. */
export type Activities = ReturnType<typeof createActivities>;
