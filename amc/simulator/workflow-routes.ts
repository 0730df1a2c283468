/** Saved workflows: /amc/reporting/:instanceId/workflows CRUD (reference §5, blueprint §13.3). */
import { Router, type Request, type Response } from 'express';
import { requireInstance } from './auth';
import type { SimulatorOptions } from './options';
import { paginate } from './pagination';
import { compileWorkflow, normalizeParameters, parseBody, workflowSchema } from './request-schemas';
import { MEDIA, SimHttpError, sendReporting } from './responses';
import type { SimState, StoredWorkflow } from './state';

function view(w: StoredWorkflow) {
  return { ...w.definition, inputParameters: w.inputParameters, outputColumns: w.outputColumns };
}

export function createWorkflowRoutes(deps: { state: SimState; options: SimulatorOptions }): Router {
  const { state, options } = deps;
  const router = Router();
  const base = '/amc/reporting/:instanceId/workflows';

  const workflowsFor = (req: Request, res: Response) =>
    state.workflowsOf(requireInstance(state, options, req, res, String(req.params.instanceId)).instanceId);

  function build(body: unknown): StoredWorkflow {
    const def = parseBody(workflowSchema, body);
    const inputParameters = normalizeParameters(def.inputParameters);
    const outputColumns = compileWorkflow(def.workflowId, def.sqlQuery, inputParameters);
    return { definition: { ...def, inputParameters }, inputParameters, outputColumns };
  }

  function existing(map: Map<string, StoredWorkflow>, workflowId: string): StoredWorkflow {
    const w = map.get(workflowId);
    // [inferred] wording; the 404 status follows reference §10.2.
    if (!w) throw new SimHttpError(404, `Workflow with ID ${workflowId} not found.`);
    return w;
  }

  router.post(base, (req, res) => {
    const map = workflowsFor(req, res);
    const w = build(req.body);
    if (map.has(w.definition.workflowId))
      throw new SimHttpError(400, `Workflow with ID ${w.definition.workflowId} already exists.`);
    map.set(w.definition.workflowId, w);
    // Recorded: create answers 200 `{}` labelled application/octet-stream.
    res.status(200).setHeader('Content-Type', MEDIA.octet);
    res.send(Buffer.from('{}'));
  });

  router.get(base, (req, res) => {
    const all = [...workflowsFor(req, res).values()].map(view);
    const { page, nextToken } = paginate(all, req.query as Record<string, unknown>);
    sendReporting(res, { workflows: page, nextToken }, MEDIA.workflows);
  });

  router.get(`${base}/:workflowId`, (req, res) => {
    sendReporting(res, view(existing(workflowsFor(req, res), String(req.params.workflowId))), MEDIA.workflows);
  });

  router.put(`${base}/:workflowId`, (req, res) => {
    const map = workflowsFor(req, res);
    const workflowId = String(req.params.workflowId);
    existing(map, workflowId);
    const w = build(req.body);
    if (w.definition.workflowId !== workflowId)
      throw new SimHttpError(400, 'workflowId in the body must match the path');
    map.set(workflowId, w);
    sendReporting(res, {}, MEDIA.workflows);
  });

  router.delete(`${base}/:workflowId`, (req, res) => {
    const map = workflowsFor(req, res);
    const workflowId = String(req.params.workflowId);
    existing(map, workflowId);
    map.delete(workflowId);
    sendReporting(res, {}, MEDIA.workflows);
  });

  return router;
}
