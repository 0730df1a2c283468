/** Simulator extras under /__sim (not part of AMC; never subject to injected faults). See shared/API.md. */
import express, { Router, type Response } from 'express';
import type { z } from 'zod';
import { faultsSchema } from './faults';
import { runtimeConfigSchema } from './options';

export interface SimControls {
  stats(): unknown;
  configure(patch: z.infer<typeof runtimeConfigSchema>): unknown;
  setFaults(faults: z.infer<typeof faultsSchema>): unknown;
  clearFaults(): void;
  expireAccessTokens(): number;
  executions(): unknown[];
}

function validationError(res: Response, error: z.ZodError): void {
  res.status(400).json({
    error: 'VALIDATION_ERROR',
    issues: error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
  });
}

export function createSimRoutes(controls: SimControls): Router {
  const router = Router();
  router.use('/__sim', express.json());

  router.get('/__sim/stats', (_req, res) => {
    res.json(controls.stats());
  });

  router.post('/__sim/config', (req, res) => {
    const parsed = runtimeConfigSchema.safeParse(req.body ?? {});
    if (!parsed.success) return validationError(res, parsed.error);
    res.json(controls.configure(parsed.data));
  });

  router.post('/__sim/faults', (req, res) => {
    const parsed = faultsSchema.safeParse(req.body ?? {});
    if (!parsed.success) return validationError(res, parsed.error);
    res.json(controls.setFaults(parsed.data));
  });

  router.delete('/__sim/faults', (_req, res) => {
    controls.clearFaults();
    res.status(204).end();
  });

  // Every execution with its lifecycle times (ms since epoch): benches measure freshness against them.
  router.get('/__sim/executions', (_req, res) => {
    res.json({ items: controls.executions() });
  });

  // Tests use this to force a 401 mid-run: every access token issued so far expires now.
  router.post('/__sim/tokens/expire', (_req, res) => {
    res.json({ expired: controls.expireAccessTokens() });
  });

  return router;
}
