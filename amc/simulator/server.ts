/**
 * createSimulator(options): an in-process AMC + Login-with-Amazon stand-in (express 5, in-memory state).
 * Tests start it on port 0; `npm run simulator` runs it via main.ts.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type NextFunction, type Request, type Response } from 'express';
import { createAdminRoutes } from './amc-admin-routes';
import { createAmcAuth } from './auth';
import { createDownloads, type DownloadStats } from './downloads';
import { createExecutionEngine } from './execution-engine';
import { createExecutionRoutes } from './execution-routes';
import { createFaults, type Faults } from './faults';
import { createLwaRoutes } from './lwa-routes';
import { applyRuntimeConfig, resolveOptions, type RuntimeConfig, type SimulatorOptions } from './options';
import { amcErrorHandler, requestIds } from './responses';
import { createSimRoutes } from './sim-routes';
import { createState } from './state';
import { createWorkflowRoutes } from './workflow-routes';

export interface SimulatorStats {
  executions: {
    created: number;
    /** GET execution (status) calls answered. */
    statusChecks: number;
    byInstance: Record<
      string,
      {
        created: number;
        running: number;
        peakConcurrent: number;
        pending: number;
        succeeded: number;
        failed: number;
        cancelled: number;
      }
    >;
  };
  tokens: { issued: number; refreshed: number; revoked: number; codesIssued: number };
  downloads: DownloadStats;
}

export function createSimulator(input: Partial<SimulatorOptions> = {}) {
  const options = resolveOptions(input);
  const state = createState();
  const faults = createFaults();
  const engine = createExecutionEngine({ state, options, faults });
  const downloads = createDownloads({ state, options });
  let server: Server | undefined;
  let listenUrl: string | undefined;

  const baseUrl = (req: Request) =>
    options.publicBaseUrl?.replace(/\/+$/, '') ?? listenUrl ?? `${req.protocol}://${req.get('host')}`;

  function stats(): SimulatorStats {
    const byInstance: SimulatorStats['executions']['byInstance'] = {};
    for (const [id, s] of state.instanceStats) byInstance[id] = { ...s };
    const c = state.counters;
    return {
      executions: { created: c.executionsCreated, statusChecks: c.statusChecks, byInstance },
      // issued = every access token minted (code exchanges and refreshes); refreshed = refresh grants;
      // revoked = refresh tokens revoked by the revokeTokens fault.
      tokens: {
        issued: c.tokensIssued,
        refreshed: c.tokensRefreshed,
        revoked: c.tokensRevoked,
        codesIssued: c.codesIssued,
      },
      downloads: downloads.stats(),
    };
  }

  function configure(patch: RuntimeConfig): SimulatorOptions {
    applyRuntimeConfig(options, patch);
    engine.reconsider();
    return { ...options, clientSecret: '***' };
  }

  /** Replaces the active faults. `revokeTokens` revokes every token issued so far (new logins still work). */
  function setFaults(f: Faults) {
    faults.set(f);
    if (f.revokeTokens) {
      for (const t of state.accessTokens.values()) t.revoked = true;
      for (const t of state.refreshTokens.values()) {
        if (!t.revoked) state.counters.tokensRevoked++;
        t.revoked = true;
      }
    }
    return faults.current;
  }

  function expireAccessTokens(): number {
    const now = Date.now();
    let n = 0;
    for (const t of state.accessTokens.values()) {
      if (t.expiresAtMs > now) n++;
      t.expiresAtMs = Math.min(t.expiresAtMs, now);
    }
    return n;
  }

  const app = express();
  app.disable('x-powered-by');
  app.use(requestIds);
  const executions = () =>
    [...state.executions.values()].map((e) => ({
      workflowExecutionId: e.workflowExecutionId,
      instanceId: e.instanceId,
      workflowId: e.workflowId,
      status: e.status,
      createdAt: e.createdAtMs,
      startedAt: e.startedAtMs ?? null,
      finishedAt: e.finishedAtMs ?? null,
    }));
  app.use(
    createSimRoutes({
      stats,
      configure,
      setFaults,
      clearFaults: () => faults.clear(),
      expireAccessTokens,
      executions,
      addAccount: ({ simUser, ...opts }) => {
        const { account, instance } = state.addAccount(simUser, opts);
        return {
          accountId: account.accountId,
          accountName: account.accountName,
          marketplaceId: account.marketplaceId,
          instanceId: instance.instanceId,
          instanceName: instance.instanceName,
          instanceType: instance.instanceType,
        };
      },
    }),
  );
  app.use(downloads.router);
  app.use(createLwaRoutes({ state, options }));

  // Every AMC call: faults first (they model the gateway), then body parsing, auth, the API, errors.
  // The route modules use full '/amc/…' paths; only the middlewares are scoped with a mount path.
  const amc = express.Router();
  amc.use('/amc', (req: Request, res: Response, next: NextFunction) => faults.middleware(req, res, next));
  // AMC accepts application/json and the vendor types; bodies are parsed as JSON whatever their label.
  amc.use('/amc', express.json({ type: () => true, limit: '1mb' }));
  amc.use('/amc', createAmcAuth(state, options));
  amc.use(createAdminRoutes({ state, options, baseUrl }));
  amc.use(createWorkflowRoutes({ state, options }));
  amc.use(createExecutionRoutes({ state, options, engine, downloads, baseUrl }));
  amc.use('/amc', (req: Request, res: Response) => {
    res.status(404).json({ code: '404', details: `No route for ${req.method} ${req.originalUrl.split('?')[0]}` });
  });
  amc.use(amcErrorHandler);
  app.use(amc);

  return {
    app,
    options,
    state,
    async listen(port: number, host = '127.0.0.1'): Promise<{ url: string; port: number }> {
      const s = app.listen(port, host);
      server = s;
      await new Promise<void>((resolve, reject) => {
        s.once('listening', resolve);
        s.once('error', reject);
      });
      const address = s.address() as AddressInfo;
      const shownHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
      listenUrl = `http://${shownHost}:${address.port}`;
      return { url: listenUrl, port: address.port };
    },
    /** Stops timers and the server, closing kept-alive connections so test runners exit. */
    async close(): Promise<void> {
      engine.close();
      const s = server;
      server = undefined;
      if (!s) return;
      await new Promise<void>((resolve) => {
        s.close(() => resolve());
        s.closeAllConnections();
      });
    },
    stats,
    configure,
    setFaults,
    clearFaults: () => faults.clear(),
    expireAccessTokens,
  };
}

export type Simulator = ReturnType<typeof createSimulator>;
