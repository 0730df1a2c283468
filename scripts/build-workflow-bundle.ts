/**
 * `npm run build:workflows`: bundles workflows/ once into dist/workflow-bundle.js. A worker started with
 * WORKFLOW_BUNDLE_PATH=dist/workflow-bundle.js loads it instead of running webpack at every start (faster
 * start, and no bundler in the worker's memory).
 */
import fs from 'node:fs';
import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';

async function main(): Promise<void> {
  const out = path.resolve(__dirname, '..', 'dist', 'workflow-bundle.js');
  const { code } = await bundleWorkflowCode({ workflowsPath: require.resolve('../workflows') });
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
