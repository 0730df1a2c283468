/** AMC administration: GET /amc/accounts, /amc/instances, /amc/instances/:id (reference §4). */
import { Router, type Request } from 'express';
import { currentUser, requireAccount, requireInstance } from './auth';
import { isoMicros } from './ids';
import type { SimulatorOptions } from './options';
import { paginate } from './pagination';
import { MEDIA, sendBody } from './responses';
import type { SimInstance, SimState } from './state';

/** Admin responses keep explicit nulls (unlike reporting ones), as in the recorded samples. */
function instanceView(i: SimInstance, apiEndpoint: string) {
  return {
    instanceId: i.instanceId,
    instanceName: i.instanceName,
    instanceType: i.instanceType,
    customerCanonicalName: i.customerCanonicalName,
    creationStatus: 'COMPLETED',
    creationDatetime: isoMicros(i.createdAtMs),
    s3BucketName: null,
    awsAccountId: '',
    entities: ['NA'],
    dataUploadAwsAccountId: '811639200769',
    // The simulator's own address, so clients that prefer apiEndpoint keep talking to it.
    apiEndpoint,
    acrCollaboration: null,
    optionalDatasets: [],
    advertiserTypes: ['DISPLAY', 'SPONSORED_ADS'],
  };
}

export function createAdminRoutes(deps: {
  state: SimState;
  options: SimulatorOptions;
  baseUrl: (req: Request) => string;
}): Router {
  const { state, options } = deps;
  const router = Router();

  router.get('/amc/accounts', (req, res) => {
    const accounts = state.accountsOf(currentUser(res).userId).map((a) => ({
      accountId: a.accountId,
      accountName: a.accountName,
      marketplaceId: a.marketplaceId,
    }));
    const { page, nextToken } = paginate(accounts, req.query as Record<string, unknown>);
    sendBody(res, 200, { amcAccounts: page, nextToken: nextToken ?? null }, MEDIA.json);
  });

  router.get('/amc/instances', (req, res) => {
    const account = requireAccount(state, req, res);
    const all = state.instancesOf(account.accountId).map((i) => instanceView(i, deps.baseUrl(req)));
    const { page, nextToken } = paginate(all, req.query as Record<string, unknown>);
    sendBody(res, 200, { instances: page, nextToken: nextToken ?? null }, MEDIA.json);
  });

  router.get('/amc/instances/:instanceId', (req, res) => {
    const instance = requireInstance(state, options, req, res, String(req.params.instanceId));
    sendBody(res, 200, { instance: instanceView(instance, deps.baseUrl(req)) }, MEDIA.json);
  });

  return router;
}
