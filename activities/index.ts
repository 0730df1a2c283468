/** All activities, built from their dependencies; the worker registers what this returns. */
import type { AmcClient } from '../amc/client';
import type { Repositories } from '../db';
import type { AmazonTokenService } from '../lib/amazon-tokens';
import { createAmcExecutionActivities } from './amc-executions';
import { createAmcSession } from './amc-session';

export interface ActivityDeps {
  repos: Pick<Repositories, 'amcInstances' | 'executions' | 'executionResults'>;
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
  };
}

/** Workflows type their activity proxies with this. */
export type Activities = ReturnType<typeof createActivities>;
