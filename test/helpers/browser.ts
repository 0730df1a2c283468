/**
 * Chromium for the browser tests: Debian's `chromium` (installed by scripts/provision-chromium.sh, which
 * `.ci/run` runs), driven by playwright-core over CDP. No browser is ever downloaded. CHROMIUM_PATH overrides the
 * lookup; with no browser at all the tests skip, saying why (see browserOrSkipReason).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

export function findChromium(): string | undefined {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) return fs.existsSync(fromEnv) ? fromEnv : undefined;
  return CANDIDATES.find((p) => fs.existsSync(p));
}

/** The message the browser tests skip with, or undefined when a browser is there. */
export function browserOrSkipReason(): string | undefined {
  if (findChromium()) return undefined;
  // CI (.ci/run) provisions Chromium and sets this: there, a missing browser fails instead of skipping.
  if (process.env.RECOMAMP_REQUIRE_BROWSER === '1')
    throw new Error('RECOMAMP_REQUIRE_BROWSER=1 but no Chromium was found: run bash scripts/provision-chromium.sh');
  return (
    'browser tests SKIPPED: no Chromium found (looked for CHROMIUM_PATH, ' +
    `${CANDIDATES.join(', ')}); install it with \`bash scripts/provision-chromium.sh\` (apt-get install chromium)`
  );
}

export interface BrowserSession {
  context: BrowserContext;
  close(): Promise<void>;
}

/** A headless Chromium with a fresh profile, 1280×800, downloads allowed. */
export async function launchBrowser(): Promise<BrowserSession> {
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'recomamp-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: findChromium()!,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    viewport: { width: 1280, height: 800 },
    acceptDownloads: true,
    timezoneId: 'UTC',
  });
  return {
    context,
    async close() {
      await context.close();
      fs.rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/** README screenshots go to docs/screenshots when RECOMAMP_SCREENSHOTS=1 (or the file is missing), else to tmp. */
export function screenshotPath(name: string): string {
  const committed = path.resolve(__dirname, '../../docs/screenshots', `${name}.png`);
  if (process.env.RECOMAMP_SCREENSHOTS === '1' || !fs.existsSync(committed)) return committed;
  return path.join(os.tmpdir(), `recomamp-screenshot-${name}.png`);
}
