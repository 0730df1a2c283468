/**
 * Time windows for a run, in whole UTC days (AMC's windows end at midnight): presets such as "last 7 complete
 * days". AMC data lags by about 14 days for conversions; the presets end at today's midnight unless said.
 */
export interface WindowPreset {
  id: string;
  label: string;
  /** [start, end) as yyyy-MM-dd */
  range(today: Date): [string, string];
}

const day = (d: Date) => d.toISOString().slice(0, 10);
const addDays = (d: Date, n: number) => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + n));
const midnight = (d: Date) => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));

export const WINDOW_PRESETS: WindowPreset[] = [
  { id: 'last7', label: 'Last 7 complete days', range: (t) => [day(addDays(midnight(t), -7)), day(midnight(t))] },
  {
    id: 'last7lag14',
    label: 'Last 7 days with 14 days of lag',
    range: (t) => [day(addDays(midnight(t), -21)), day(addDays(midnight(t), -14))],
  },
  { id: 'last14', label: 'Last 14 complete days', range: (t) => [day(addDays(midnight(t), -14)), day(midnight(t))] },
  { id: 'last30', label: 'Last 30 complete days', range: (t) => [day(addDays(midnight(t), -30)), day(midnight(t))] },
  {
    id: 'lastWeek',
    label: 'Last full week (Mon–Sun)',
    range: (t) => {
      const m = midnight(t);
      const monday = addDays(m, -((m.getUTCDay() + 6) % 7) - 7);
      return [day(monday), day(addDays(monday, 7))];
    },
  },
  {
    id: 'lastMonth',
    label: 'Last calendar month',
    range: (t) => [
      day(new Date(Date.UTC(t.getUTCFullYear(), t.getUTCMonth() - 1, 1))),
      day(new Date(Date.UTC(t.getUTCFullYear(), t.getUTCMonth(), 1))),
    ],
  },
];

export const today = () => new Date();
export { day as isoDay, addDays };
