/**
 * Bundles workflows/ once into dist/workflow-bundle.js (part of `npm run build`; alone: `npm run build:workflows`).
 * A worker started with WORKFLOW_BUNDLE_PATH=dist/workflow-bundle.js loads it instead of running webpack at every
 * start (faster start, and no bundler in the worker's memory). It bundles the TypeScript sources, compiled or not.
 */
import fs from 'node:fs';
import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { projectRoot } from './project-root';

async function main(): Promise<void> {
  const root = projectRoot();
  const out = path.join(root, 'dist', 'workflow-bundle.js');
  const { code } = await bundleWorkflowCode({ workflowsPath: path.join(root, 'workflows', 'index.ts') });
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, code);
  console.log(
    `workflow bundle written to ${path.relative(process.cwd(), out)} (${(code.length / 1024).toFixed(0)} KiB)`,
  );
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
