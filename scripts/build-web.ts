/**
 * Builds the web console (web/ → web/dist, Vite) and reports each chunk's size (gzip). `npm run build:web`
 * always builds; `ensureWebBuild()` (called by `npm start` and the test setup) builds only when web/dist is
 * missing or older than its sources: a hash of web/src, web's config files and the generated client is kept in
 * web/dist/.source-hash.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { projectRoot } from './project-root';

const root = projectRoot();
const web = path.join(root, 'web');
const dist = path.join(web, 'dist');
const stamp = path.join(dist, '.source-hash');
const SOURCES = ['web/src', 'web/index.html', 'web/vite.config.ts', 'web/package.json', 'web/tsconfig.json', 'client'];

function filesUnder(p: string): string[] {
  const full = path.join(root, p);
  if (!fs.existsSync(full)) return [];
  if (fs.statSync(full).isFile()) return [p];
  return fs
    .readdirSync(full)
    .sort()
    .flatMap((name) => filesUnder(path.join(p, name)));
}

export function webSourceHash(): string {
  const hash = createHash('sha256');
  for (const file of SOURCES.flatMap(filesUnder)) {
    hash
      .update(file)
      .update('\0')
      .update(fs.readFileSync(path.join(root, file)))
      .update('\0');
  }
  return hash.digest('hex');
}

export interface ChunkSize {
  file: string;
  bytes: number;
  gzipBytes: number;
}

/** Every emitted file with its raw and gzip size, largest gzip first. */
export function bundleSizes(): ChunkSize[] {
  const dir = path.join(dist, 'assets');
  return fs
    .readdirSync(dir)
    .map((name) => {
      const content = fs.readFileSync(path.join(dir, name));
      return { file: `assets/${name}`, bytes: content.length, gzipBytes: gzipSync(content, { level: 9 }).length };
    })
    .sort((a, b) => b.gzipBytes - a.gzipBytes);
}

export function buildWeb(): void {
  const started = Date.now();
  const vite = path.join(path.dirname(require.resolve('vite/package.json', { paths: [web] })), 'bin/vite.js');
  execFileSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], { cwd: web, stdio: 'inherit' });
  fs.writeFileSync(stamp, webSourceHash());
  const sizes = bundleSizes();
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
  const total = sizes.reduce((s, c) => s + c.gzipBytes, 0);
  console.log(
    `[build:web] web/dist built in ${((Date.now() - started) / 1000).toFixed(1)} s; ${kb(total)} gzip in all:`,
  );
  for (const c of sizes.slice(0, 12))
    console.log(`  ${kb(c.gzipBytes).padStart(9)} gzip  ${kb(c.bytes).padStart(9)}  ${c.file}`);
}

/** Builds when web/dist is missing or stale; true when it built. */
export function ensureWebBuild(): boolean {
  const fresh = fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === webSourceHash();
  if (fresh) return false;
  buildWeb();
  return true;
}

if (require.main === module) buildWeb();
