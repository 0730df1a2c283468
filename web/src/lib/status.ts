/** One colour per status word, shared by badges, the week grid and the schedule history. */
const COLORS: Record<string, string> = {
  PENDING: 'gray',
  WAITING: 'yellow',
  RUNNING: 'blue',
  SUCCEEDED: 'green',
  FAILED: 'red',
  CANCELLED: 'dark',
  STALE: 'orange',
  PARTIAL: 'orange',
  PAUSED: 'yellow',
  SKIPPED: 'gray',
  BUFFERED: 'violet',
};
export const statusColor = (status: string) => COLORS[status] ?? 'gray';
export const TERMINAL = ['SUCCEEDED', 'FAILED', 'CANCELLED'];
export const COLLECTION_DONE = ['SUCCEEDED', 'PARTIAL', 'FAILED', 'CANCELLED'];
