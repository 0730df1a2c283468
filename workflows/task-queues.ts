/** Task-queue names, imported by the worker, the API and the tests: the only place they are spelled. */
export const TASK_QUEUES = {
  /** AMC executions and everything they run. */
  amc: 'recomamp-amc',
} as const;
