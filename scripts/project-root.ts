/**
 * The checkout's (or the image's) root: the nearest directory up from here with a package.json. Scripts run both
 * from their sources (`tsx scripts/x.ts`) and compiled (`node dist/scripts/x.js`), so `__dirname/..` is not it.
 */
import fs from 'node:fs';
import path from 'node:path';

export function projectRoot(from: string = __dirname): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    if (dir === path.dirname(dir)) throw new Error(`no package.json above ${from}`);
  }
}

/** Whether this code runs compiled (dist/…/*.js) rather than from its TypeScript sources. */
export const runningCompiled = (file: string = __filename): boolean => file.endsWith('.js');
