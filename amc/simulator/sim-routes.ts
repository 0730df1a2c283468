/** Simulator extras under /__sim (not part of AMC; never subject to injected faults). See shared/API.md. */
import express, { Router, type Response } from 'express';
import { z } from 'zod';
import { faultsSchema } from './faults';
import { runtimeConfigSchema } from './options';

export interface SimControls {
  stats(): unknown;
  configure(patch: z.infer<typeof runtimeConfigSchema>): unknown;
  setFaults(faults: z.infer<typeof faultsSchema>): unknown;
  clearFaults(): void;
  expireAccessTokens(): number;
  executions(): unknown[];
  addAccount(body: z.infer<typeof addAccountSchema>): unknown;
}

/** POST /__sim/accounts: another AMC account (and its instance) for a simulator user. */
export const addAccountSchema = z.object({
  simUser: z.string().trim().min(1).max(100).optional(),
  marketplaceId: z.string().regex(/^[A-Z0-9]{5,20}$/),
  accountName: z.string().trim().min(1).max(200).optional(),
  instanceType: z.enum(['STANDARD', 'SANDBOX']).optional(),
});

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

  router.post('/__sim/accounts', (req, res) => {
    const parsed = addAccountSchema.safeParse(req.body ?? {});
    if (!parsed.success) return validationError(res, parsed.error);
    res.status(201).json(controls.addAccount(parsed.data));
  });

  // Tests use this to force a 401 mid-run: every access token issued so far expires now.
  router.post('/__sim/tokens/expire', (_req, res) => {
    res.json({ expired: controls.expireAccessTokens() });
  });

  return router;
}
