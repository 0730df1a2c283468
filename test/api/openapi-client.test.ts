/**
 * The typed client (client/schema.gen.ts) is generated from the OpenAPI document; this fails when the committed
 * file and the live document differ (fix: `npm run generate:client`). The console typechecks against that file
 * in `npm run typecheck`, so a document change that breaks the console fails the build too.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const root = path.resolve(__dirname, '../..');

describe('typed client', () => {
  test('when the document is regenerated, then it equals the committed client/schema.gen.ts', async () => {
    const tsx = path.join(root, 'node_modules/.bin/tsx');
    const result = await run(tsx, ['scripts/generate-api-client.ts', '--check'], { cwd: root }).catch(
      (err: { code?: number; stdout?: string; stderr?: string }) => err,
    );
    expect({ code: result && 'code' in result ? result.code : 0, stderr: result.stderr ?? '' }).toEqual({
      code: 0,
      stderr: '',
    });
  }, 60_000);
});
