/**
 * The bench runs the API and the worker as production does: compiled JavaScript (`node dist/api/main.js`,
 * `node dist/worker/main.js`; tsx alone added ~35 MB to a process's RSS and its own loader thread). This compiles
 * `tsconfig.build.json` into dist/ when a source is newer than the last compile (npm run build does the same,
 * plus the workflow bundle, which the bench builds per run).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.join(__dirname, '..');
const MARKER = path.join(ROOT, 'dist', '.bench-compiled');

function newestSourceMs(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules' && entry.name !== 'dist') newest = Math.max(newest, newestSourceMs(p));
    } else if (entry.name.endsWith('.ts')) {
      newest = Math.max(newest, fs.statSync(p).mtimeMs);
    }
  }
  return newest;
}

export function ensureCompiled(): void {
  const { include } = JSON.parse(fs.readFileSync(path.join(ROOT, 'tsconfig.build.json'), 'utf8')) as {
    include: string[];
  };
  const newest = Math.max(
    ...include
      .map((p) => path.join(ROOT, p))
      .map((p) => (p.endsWith('.ts') ? fs.statSync(p).mtimeMs : newestSourceMs(p))),
  );
  if (fs.existsSync(MARKER) && fs.statSync(MARKER).mtimeMs >= newest) return;
  console.log('compiling dist/ for the API and worker processes (tsc -p tsconfig.build.json)…');
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json'], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  fs.writeFileSync(MARKER, new Date().toISOString());
}

/** A compiled entry point: `api/main` → dist/api/main.js. */
export const compiledEntry = (name: string) => path.join(ROOT, 'dist', `${name}.js`);
