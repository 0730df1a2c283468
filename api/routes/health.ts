/** Liveness and readiness (contract: Health). */
import { Router } from 'express';
import type { ApiDeps } from '../deps';

export function createHealthRouter(deps: Pick<ApiDeps, 'repos' | 'temporal'>): Router {
  const router = Router();
  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/ready', async (_req, res) => {
    const within = <T>(p: Promise<T>) =>
      Promise.race([
        p,
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), 2000).unref()),
      ]);
    const [postgres, temporal] = await Promise.allSettled([
      within(deps.repos.db.raw('SELECT 1')),
      within(deps.temporal.workflowService.getSystemInfo({})),
    ]);
    const down = [postgres.status === 'rejected' && 'postgres', temporal.status === 'rejected' && 'temporal'].filter(
      Boolean,
    );
    if (down.length === 0) return void res.json({ status: 'ready' });
    res.status(503).json({
      error: { code: 'NOT_READY', message: `not ready: ${down.join(', ')} unavailable`, details: { down } },
    });
  });
  return router;
}
