/**
 * Typed client for AMC on the Amazon Ads API (or the simulator: same paths, different base URL).
 * One HTTP request per call (list calls page through nextToken); no retries — Temporal activities retry.
 */
import type { Readable } from 'node:stream';
import { openDownload } from './download';
import { sendAmcRequest, type FetchImpl } from './amc-http';
import type {
  AmcAccount,
  AmcCallContext,
  AmcDownloadUrls,
  AmcExecution,
  AmcInstance,
  AmcWorkflowDefinition,
  CreateExecutionRequest,
  ListExecutionsFilter,
} from './types';

export interface AmcClientOptions {
  /** Where calls go unless the call names a region that `regionBaseUrls` maps (accounts listing, unknown region). */
  baseUrl: string;
  /** Base URL per AMC region (NA, EU, FE): an instance's calls go to its region's host (reference §1.1). */
  regionBaseUrls?: Record<string, string>;
  /** LWA client id, sent as Amazon-Advertising-API-ClientId. */
  clientId: string;
  timeoutMs: number;
  fetchImpl?: FetchImpl;
}

export type AmcAccountContext = Pick<AmcCallContext, 'accessToken' | 'accountId' | 'marketplaceId' | 'region'>;

const MEDIA = {
  accounts: 'application/vnd.amcaccounts.v1+json',
  instances: 'application/vnd.amcinstances.v1+json',
  workflows: 'application/vnd.amcworkflows.v1+json',
  executions: 'application/vnd.amcworkflowexecutions.v1+json',
} as const;
type Media = keyof typeof MEDIA;

const PAGE_LIMIT = 100;

export function createAmcClient(options: AmcClientOptions) {
  const fetchImpl = options.fetchImpl ?? fetch;
  const trim = (url: string) => url.replace(/\/+$/, '');
  const baseUrl = trim(options.baseUrl);
  const regionBaseUrls = new Map(Object.entries(options.regionBaseUrls ?? {}).map(([r, url]) => [r, trim(url)]));
  const baseFor = (account?: AmcAccountContext) =>
    (account?.region !== undefined && regionBaseUrls.get(account.region)) || baseUrl;

  /** Header matrix (reference §2.1). The deprecated Amazon-Advertising-API-Scope header is never sent. */
  function headers(accessToken: string, media: Media, account?: AmcAccountContext, hasBody = false) {
    const h: Record<string, string> = {
      Authorization: `Bearer ${accessToken}`,
      'Amazon-Advertising-API-ClientId': options.clientId,
      // Admin APIs answer application/json although the spec names vendor types; accept both.
      Accept: `${MEDIA[media]}, application/json;q=0.9`,
    };
    if (account) {
      h['Amazon-Advertising-API-AdvertiserId'] = account.accountId;
      h['Amazon-Advertising-API-MarketplaceId'] = account.marketplaceId;
    }
    if (hasBody) h['Content-Type'] = MEDIA[media];
    return h;
  }

  async function call<T>(
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    path: string,
    media: Media,
    accessToken: string,
    account?: AmcAccountContext,
    body?: unknown,
  ): Promise<T> {
    const res = await sendAmcRequest(fetchImpl, options.timeoutMs, {
      method,
      url: `${baseFor(account)}${path}`,
      headers: headers(accessToken, media, account, body !== undefined),
      body,
    });
    return res.body as T;
  }

  /** Follows nextToken until it is absent/null/empty; `query` holds the page-independent parameters. */
  async function pageAll<T>(
    path: string,
    key: string,
    media: Media,
    accessToken: string,
    account: AmcAccountContext | undefined,
    query: Record<string, string> | undefined = {},
  ): Promise<T[]> {
    const items: T[] = [];
    let nextToken = '';
    for (;;) {
      // Some real clients only worked when sending an explicit empty nextToken on the first page.
      // `query === undefined` (accounts): no documented limit parameter, so only nextToken once known.
      const params: Record<string, string> =
        query === undefined ? (nextToken ? { nextToken } : {}) : { ...query, limit: String(PAGE_LIMIT), nextToken };
      const qs = new URLSearchParams(params).toString();
      const page = await call<Record<string, unknown>>('GET', qs ? `${path}?${qs}` : path, media, accessToken, account);
      const list = page[key];
      if (Array.isArray(list)) items.push(...(list as T[]));
      const token = page.nextToken;
      if (typeof token !== 'string' || token === '') return items;
      nextToken = token;
    }
  }

  const reporting = (ctx: AmcCallContext, rest: string) =>
    `/amc/reporting/${encodeURIComponent(ctx.instanceId)}/${rest}`;
  const id = encodeURIComponent;

  return {
    /** AMC accounts (ENTITY… ids) the token's user can see. */
    listAccounts(accessToken: string): Promise<AmcAccount[]> {
      return pageAll<AmcAccount>('/amc/accounts', 'amcAccounts', 'accounts', accessToken, undefined, undefined);
    },

    listInstances(account: AmcAccountContext): Promise<AmcInstance[]> {
      return pageAll<AmcInstance>('/amc/instances', 'instances', 'instances', account.accessToken, account);
    },

    async getInstance(ctx: AmcCallContext): Promise<AmcInstance> {
      const body = await call<{ instance: AmcInstance }>(
        'GET',
        `/amc/instances/${id(ctx.instanceId)}`,
        'instances',
        ctx.accessToken,
        ctx,
      );
      return body.instance;
    },

    async createWorkflow(ctx: AmcCallContext, def: AmcWorkflowDefinition): Promise<void> {
      await call('POST', reporting(ctx, 'workflows'), 'workflows', ctx.accessToken, ctx, def);
    },

    getWorkflow(ctx: AmcCallContext, workflowId: string): Promise<AmcWorkflowDefinition> {
      return call('GET', reporting(ctx, `workflows/${id(workflowId)}`), 'workflows', ctx.accessToken, ctx);
    },

    /** PUT of the full definition (AMC requires `workflowId` in the body too). */
    async updateWorkflow(ctx: AmcCallContext, def: AmcWorkflowDefinition): Promise<void> {
      await call('PUT', reporting(ctx, `workflows/${id(def.workflowId)}`), 'workflows', ctx.accessToken, ctx, def);
    },

    async deleteWorkflow(ctx: AmcCallContext, workflowId: string): Promise<void> {
      await call('DELETE', reporting(ctx, `workflows/${id(workflowId)}`), 'workflows', ctx.accessToken, ctx);
    },

    listWorkflows(ctx: AmcCallContext): Promise<AmcWorkflowDefinition[]> {
      return pageAll(reporting(ctx, 'workflows'), 'workflows', 'workflows', ctx.accessToken, ctx);
    },

    /** Starts a run; the response is the flat execution object (status PENDING). */
    createExecution(ctx: AmcCallContext, req: CreateExecutionRequest): Promise<AmcExecution> {
      return call('POST', reporting(ctx, 'workflowExecutions'), 'executions', ctx.accessToken, ctx, req);
    },

    getExecution(
      ctx: AmcCallContext,
      executionId: string,
      opts: { includeWorkflow?: boolean } = {},
    ): Promise<AmcExecution> {
      const qs = opts.includeWorkflow ? '?includeWorkflow=true' : '';
      return call(
        'GET',
        reporting(ctx, `workflowExecutions/${id(executionId)}${qs}`),
        'executions',
        ctx.accessToken,
        ctx,
      );
    },

    /** All pages. AMC requires `workflowId` or `minCreationTime`. */
    listExecutions(ctx: AmcCallContext, filter: ListExecutionsFilter): Promise<AmcExecution[]> {
      const query: Record<string, string> = {};
      if (filter.workflowId !== undefined) query.workflowId = filter.workflowId;
      if (filter.minCreationTime !== undefined) query.minCreationTime = formatCreationTime(filter.minCreationTime);
      if (filter.maxCreationTime !== undefined) query.maxCreationTime = formatCreationTime(filter.maxCreationTime);
      if (filter.timeZone !== undefined) query.timeZone = filter.timeZone;
      if (filter.includeCancelled !== undefined) query.includeCancelled = String(filter.includeCancelled);
      return pageAll(reporting(ctx, 'workflowExecutions'), 'executions', 'executions', ctx.accessToken, ctx, query);
    },

    /** PUT {"status":"CANCELLED"}; AMC answers 400 when the run is already terminal. */
    async cancelExecution(ctx: AmcCallContext, executionId: string): Promise<void> {
      const path = reporting(ctx, `workflowExecutions/${id(executionId)}`);
      await call('PUT', path, 'executions', ctx.accessToken, ctx, { status: 'CANCELLED' });
    },

    /** 404 (kind not_found) until the run SUCCEEDED. URLs expire after ~10 minutes. */
    async getDownloadUrls(ctx: AmcCallContext, executionId: string): Promise<AmcDownloadUrls> {
      const path = reporting(ctx, `workflowExecutions/${id(executionId)}/downloadUrls`);
      const body = await call<Partial<AmcDownloadUrls>>('GET', path, 'executions', ctx.accessToken, ctx);
      return { downloadUrls: body.downloadUrls ?? [], metadataDownloadUrls: body.metadataDownloadUrls };
    },

    /** Plain GET of a pre-signed URL (no Amazon headers); gunzips transparently. Expired → kind 'forbidden'. */
    /** `signal` aborts the download (an activity's cancellation). */
    openDownload(url: string, signal?: AbortSignal): Promise<Readable> {
      return openDownload(fetchImpl, options.timeoutMs, url, signal);
    },
  };
}

export type AmcClient = ReturnType<typeof createAmcClient>;

/** AMC's list filters take zone-less `yyyy-MM-ddTHH:mm:ss`; a Date is written in UTC. */
function formatCreationTime(value: string | Date): string {
  if (typeof value === 'string') return value;
  return value.toISOString().slice(0, 19);
}
