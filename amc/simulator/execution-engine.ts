/**
 * Drives executions PENDING → RUNNING → SUCCEEDED/FAILED on timers, so status moves with no polling.
 * Each instance runs at most `concurrencyLimit` at once; ready extras wait PENDING in FIFO order
 * (reference §11 leaves refuse-vs-queue open; queueing is [inferred]). `close()` clears every timer.
 * With resultSource 'sandbox' the query runs over synthetic data as the run starts; the run ends after
 * its planned run time (plannedRunSeconds) or when the query is done, whichever is later, SUCCEEDED with its rows or FAILED with the reason.
 */
type SandboxOutcome = { ok: true; rows: SandboxRows } | { ok: false; reason: string };
import type { FaultInjector } from './faults';
import type { SimulatorOptions } from './options';
import { runExecutionInSandbox, sandboxFailureReason, type SandboxRows } from './sandbox';
import type { SimExecution, SimState } from './state';
import { resolveRelativeWindow } from './time-window';

/** `-- sim:executionSeconds=900` (and optionally `sim:spread=0.3`) anywhere in a query's SQL, e.g. a comment. */
const SQL_SECONDS = /sim:executionSeconds=(\d+(?:\.\d+)?)/;
const SQL_SPREAD = /sim:spread=(\d+(?:\.\d+)?)/;

/**
 * A run's time at AMC: the query's own `sim:executionSeconds` hint when its SQL has one (AMC runs of one query take
 * similar times; benches give each saved query its own), else the executionSeconds knob; spread uniformly within
 * ± the query's `sim:spread` hint or the executionSpread knob. `random` is injectable for tests.
 */
export function plannedRunSeconds(
  sqlQuery: string,
  options: Pick<SimulatorOptions, 'executionSeconds' | 'executionSpread'>,
  random: () => number = Math.random,
): number {
  const seconds = Number(SQL_SECONDS.exec(sqlQuery)?.[1] ?? options.executionSeconds);
  const spread = Math.min(1, Number(SQL_SPREAD.exec(sqlQuery)?.[1] ?? options.executionSpread));
  return Math.max(0, seconds * (1 + spread * (2 * random() - 1)));
}

export function createExecutionEngine(deps: { state: SimState; options: SimulatorOptions; faults: FaultInjector }) {
  const { state, options, faults } = deps;
  const timers = new Map<string, NodeJS.Timeout>();
  const queues = new Map<string, string[]>(); // instanceId → ids ready to run, oldest first
  const queries = new Map<string, Promise<SandboxOutcome>>(); // executionId → its sandbox query

  function schedule(id: string, seconds: number, fn: () => void): void {
    clearTimer(id);
    const timer = setTimeout(
      () => {
        timers.delete(id);
        fn();
      },
      Math.max(0, seconds * 1000),
    );
    timer.unref();
    timers.set(id, timer);
  }

  function clearTimer(id: string): void {
    const timer = timers.get(id);
    if (timer) clearTimeout(timer);
    timers.delete(id);
  }

  function touch(e: SimExecution): void {
    e.updatedAtMs = Date.now();
  }

  /** The SQL was validated synchronously on create; after pendingSeconds the run joins its instance's queue. */
  function becomeReady(e: SimExecution): void {
    if (e.status !== 'PENDING') return;
    e.validatedAtMs = Date.now();
    let queue = queues.get(e.instanceId);
    if (!queue) queues.set(e.instanceId, (queue = []));
    queue.push(e.workflowExecutionId);
    pump(e.instanceId);
  }

  function pump(instanceId: string): void {
    const stats = state.statsOf(instanceId);
    const queue = queues.get(instanceId) ?? [];
    while (stats.running < options.concurrencyLimit && queue.length > 0) {
      const e = state.executions.get(queue.shift()!);
      if (e?.status === 'PENDING') start(e);
    }
  }

  function start(e: SimExecution): void {
    const stats = state.statsOf(e.instanceId);
    e.status = 'RUNNING';
    e.startedAtMs = Date.now();
    if (e.window.startMs === undefined)
      Object.assign(e.window, resolveRelativeWindow(e.window.type, e.window.timeZone, e.startedAtMs));
    touch(e);
    stats.pending--;
    stats.running++;
    stats.peakConcurrent = Math.max(stats.peakConcurrent, stats.running);
    if (options.resultSource === 'sandbox') {
      const query = runExecutionInSandbox(e, options).then(
        (rows): SandboxOutcome => ({ ok: true, rows }),
        (err: unknown): SandboxOutcome => ({ ok: false, reason: sandboxFailureReason(err) }),
      );
      queries.set(e.workflowExecutionId, query);
    }
    e.runSeconds = plannedRunSeconds(e.sqlQuery, options);
    schedule(e.workflowExecutionId, e.runSeconds, () => finish(e));
  }

  function finish(e: SimExecution): void {
    if (e.status !== 'RUNNING') return;
    const query = queries.get(e.workflowExecutionId);
    if (!query) return complete(e, undefined);
    void query.then((outcome) => {
      queries.delete(e.workflowExecutionId);
      complete(e, outcome);
    });
  }

  function complete(e: SimExecution, outcome: SandboxOutcome | undefined): void {
    if (e.status !== 'RUNNING') return; // cancelled while the query ran
    const stats = state.statsOf(e.instanceId);
    stats.running--;
    e.finishedAtMs = Date.now();
    if (faults.shouldFailRun(e.window.startMs)) {
      e.status = 'FAILED';
      // [inferred] wording; real runtime failures carry a human-readable statusReason.
      e.statusReason = 'Execution failed: an internal error occurred while running the query (simulated fault).';
      stats.failed++;
    } else if (outcome && !outcome.ok) {
      e.status = 'FAILED';
      e.statusReason = outcome.reason;
      stats.failed++;
    } else {
      if (outcome) {
        e.result = outcome.rows;
        e.outputColumns = outcome.rows.columns;
      }
      e.status = 'SUCCEEDED';
      stats.succeeded++;
    }
    touch(e);
    pump(e.instanceId);
  }

  return {
    submit(e: SimExecution): void {
      state.executions.set(e.workflowExecutionId, e);
      state.counters.executionsCreated++;
      const stats = state.statsOf(e.instanceId);
      stats.created++;
      stats.pending++;
      schedule(e.workflowExecutionId, options.pendingSeconds, () => becomeReady(e));
    },

    /** PENDING/RUNNING → CANCELLED; false when the run is already terminal. */
    cancel(e: SimExecution): boolean {
      const stats = state.statsOf(e.instanceId);
      if (e.status === 'PENDING') {
        stats.pending--;
        const queue = queues.get(e.instanceId);
        if (queue)
          queues.set(
            e.instanceId,
            queue.filter((id) => id !== e.workflowExecutionId),
          );
      } else if (e.status === 'RUNNING') {
        stats.running--;
      } else {
        return false;
      }
      clearTimer(e.workflowExecutionId);
      queries.delete(e.workflowExecutionId);
      e.status = 'CANCELLED';
      e.statusReason = 'Execution was cancelled by the user.';
      e.finishedAtMs = Date.now();
      stats.cancelled++;
      touch(e);
      pump(e.instanceId);
      return true;
    },

    /** After a concurrency-limit change: start whatever now fits. */
    reconsider(): void {
      for (const instanceId of queues.keys()) pump(instanceId);
    },

    close(): void {
      for (const timer of timers.values()) clearTimeout(timer);
      timers.clear();
    },
  };
}

export type ExecutionEngine = ReturnType<typeof createExecutionEngine>;
