/**
 * Issue 16 finding 8: README's webhook receiver really works. The snippet is taken from README.md as written and
 * run with plain Node in a project of its own that installed RecomAMP the way README says (`npm install
 * /path/to/recomamp`, i.e. node_modules/recomamp → this checkout), so `import … from 'recomamp/webhook-signature'`
 * goes through package.json `exports` to the built verifier (`npm test` builds first, as for test/build/).
 * Deliveries are signed by lib/webhook-signature.ts signWebhook, the function the delivery activity signs with.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { signWebhook } from '../../lib/webhook-signature';
import { findFreePort } from '../helpers/ports';

const root = path.join(__dirname, '..', '..');
const secret = 'whsec_readme_receiver_test';
let receiver: ChildProcess | undefined;
let receiverUrl: string;
let output = '';
let dir: string;

/** The fenced block of README.md whose first line is `// receiver.mjs…`. */
function readmeReceiver(): string {
  const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
  const block = /```js\n(\/\/ receiver\.mjs[\s\S]*?)```/.exec(readme);
  if (!block) throw new Error('README.md has no ```js block starting with "// receiver.mjs"');
  return block[1]!;
}

async function waitForListening(url: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const up = await fetch(url, { method: 'POST' }).then(
      () => true,
      () => false,
    );
    if (up) return;
    if (Date.now() > deadline) throw new Error(`the README receiver did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

beforeAll(async () => {
  // The built verifier that package.json `exports` points at (`npm run build`, which `npm test` runs first).
  expect(fs.existsSync(path.join(root, 'dist', 'lib', 'webhook-signature.js'))).toBe(true);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'recomamp-receiver-'));
  fs.mkdirSync(path.join(dir, 'node_modules'));
  fs.symlinkSync(root, path.join(dir, 'node_modules', 'recomamp'), 'dir'); // what `npm install <folder>` does
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'my-receiver', private: true }));
  fs.writeFileSync(path.join(dir, 'receiver.mjs'), readmeReceiver());
  const port = await findFreePort();
  receiverUrl = `http://127.0.0.1:${port}`;
  receiver = spawn(process.execPath, ['receiver.mjs'], {
    cwd: dir,
    env: { PATH: process.env.PATH, RECOMAMP_WEBHOOK_SECRET: secret, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  for (const stream of [receiver.stdout, receiver.stderr]) stream?.on('data', (d: Buffer) => (output += d.toString()));
  await waitForListening(receiverUrl);
});

afterAll(async () => {
  if (receiver && receiver.exitCode === null) {
    const exited = new Promise((r) => receiver!.once('exit', r));
    receiver.kill('SIGTERM');
    await exited;
  }
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

const deliver = (body: string, headers: Record<string, string>) =>
  fetch(receiverUrl, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

describe("README's webhook receiver", () => {
  test('when a delivery is signed with the webhook secret, then the receiver accepts it once and reads the event', async () => {
    const body = JSON.stringify({
      id: 'd-1',
      event: 'execution.succeeded',
      occurredAt: new Date().toISOString(),
      data: { executionId: 'e-42', rowCount: 8 },
    });
    const headers = {
      'X-RecomAMP-Signature': signWebhook(secret, body),
      'X-RecomAMP-Event': 'execution.succeeded',
      'X-RecomAMP-Delivery': 'd-1',
    };
    expect((await deliver(body, headers)).status).toBe(204);
    expect((await deliver(body, headers)).status).toBe(204); // a retry: accepted, handled once
    await new Promise((r) => setTimeout(r, 100));
    expect(output.match(/execution\.succeeded \{"executionId":"e-42","rowCount":8\}/g)).toHaveLength(1);
  });

  test('when the body, the secret or the time is wrong, then the receiver answers 400 with the reason', async () => {
    const body = JSON.stringify({ id: 'd-2', event: 'execution.failed', data: {} });
    const cases: [string, Record<string, string>, string][] = [
      ['tampered', { 'X-RecomAMP-Signature': signWebhook(secret, `${body} `) }, 'BAD_SIGNATURE'],
      ['other secret', { 'X-RecomAMP-Signature': signWebhook('whsec_other', body) }, 'BAD_SIGNATURE'],
      [
        'an hour old',
        { 'X-RecomAMP-Signature': signWebhook(secret, body, Math.floor(Date.now() / 1000) - 3600) },
        'TIMESTAMP_OUT_OF_RANGE',
      ],
      ['unsigned', {}, 'MALFORMED'],
    ];
    for (const [what, headers, reason] of cases) {
      const res = await deliver(body, { 'X-RecomAMP-Delivery': 'd-2', ...headers });
      expect([what, res.status, await res.text()]).toEqual([what, 400, reason]);
    }
    expect(output).not.toContain('execution.failed');
  });
});
