/** Schedule presets → cron (Temporal's grammar, evaluated in the schedule's time zone). */
export type Preset = 'daily' | 'weekly' | 'monthly' | 'cron';
export const WEEKDAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

export function presetCron(preset: Preset, time: string, weekday: string, monthDay: number, custom: string): string {
  const [h, m] = (/^\d{1,2}:\d{2}$/.test(time) ? time : '06:00').split(':').map(Number) as [number, number];
  if (preset === 'daily') return `${m} ${h} * * *`;
  if (preset === 'weekly') return `${m} ${h} * * ${weekday}`;
  if (preset === 'monthly') return `${m} ${h} ${monthDay} * *`;
  return custom.trim();
}

export function timeZones(): string[] {
  const intl = Intl as unknown as { supportedValuesOf?: (k: string) => string[] };
  const zones = intl.supportedValuesOf?.('timeZone') ?? [];
  return zones.includes('UTC') ? zones : ['UTC', ...zones];
}
