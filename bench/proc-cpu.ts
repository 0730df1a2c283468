/**
 * CPU seconds of process trees from /proc (Linux): a cost per operation that machine load does not distort the
 * way latency is (a busy machine delays a process, it does not make it spend more CPU per request).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

function readStat(pid: number): { ppid: number; cpuSeconds: number } | undefined {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return { ppid: Number(fields[1]), cpuSeconds: (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND };
  } catch {
    return undefined; // exited meanwhile
  }
}

function allPids(): number[] {
  return fs
    .readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .map(Number);
}

/** `root` and all its living descendants. */
function treePids(root: number): { pid: number; cpuSeconds: number }[] {
  const stats = new Map<number, { ppid: number; cpuSeconds: number }>();
  for (const pid of allPids()) {
    const s = readStat(pid);
    if (s) stats.set(pid, s);
  }
  const inTree = new Set([root]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [pid, s] of stats) {
      if (!inTree.has(pid) && inTree.has(s.ppid)) {
        inTree.add(pid);
        grew = true;
      }
    }
  }
  return [...inTree].map((pid) => ({ pid, cpuSeconds: stats.get(pid)?.cpuSeconds ?? 0 }));
}

/** utime + stime of `root` and all its living descendants. */
export function treeCpuSeconds(root: number): number {
  return treePids(root).reduce((sum, p) => sum + p.cpuSeconds, 0);
}

/**
 * Pins every thread of `root` and its descendants (processes forked later inherit it) to `cpus`, a taskset list
 * such as "0" or "0-1" (util-linux `taskset`; Linux only). Returns how many processes it pinned.
 */
export function pinTree(root: number, cpus: string, opts: { withDescendants: boolean }): number {
  const pids = opts.withDescendants ? treePids(root).map((p) => p.pid) : [root];
  let pinned = 0;
  for (const pid of pids) {
    try {
      execFileSync('taskset', ['-a', '-p', '-c', cpus, String(pid)], { stdio: 'ignore' });
      pinned += 1;
    } catch {
      // exited meanwhile, or no taskset here (then nothing is pinned and the caller skips)
    }
  }
  return pinned;
}

/** The oldest process whose command line contains every one of `parts` (e.g. a server found by its flags). */
export function findPid(...parts: string[]): number | undefined {
  const matches: number[] = [];
  for (const pid of allPids()) {
    try {
      const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
      if (parts.every((p) => cmd.includes(p))) matches.push(pid);
    } catch {
      // exited
    }
  }
  return matches.sort((a, b) => a - b)[0];
}
