/**
 * Parameters a query uses: `{{name}}` placeholders and AMC-native `CUSTOM_PARAMETER('name')` references, both
 * declared in the saved query's `parameters` map (the contract). Detection only proposes declarations; the API
 * decides (400 naming the parameter when one is missing or misplaced).
 */
export type ParameterType = 'string' | 'number' | 'date' | 'timestamp' | 'string_list' | 'number_list';
export const PARAMETER_TYPES: ParameterType[] = ['string', 'number', 'date', 'timestamp', 'string_list', 'number_list'];

export interface ParameterDefinition {
  type: ParameterType;
  required?: boolean;
  default?: unknown;
  description?: string;
}

const PLACEHOLDER = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;
const CUSTOM_PARAMETER = /CUSTOM_PARAMETER\s*\(\s*'([A-Za-z_][A-Za-z0-9_]*)'\s*\)/gi;

/** Names in order of first appearance, each with where it came from. */
export function detectParameters(sql: string): { name: string; kind: 'placeholder' | 'custom' }[] {
  const found = new Map<string, { name: string; kind: 'placeholder' | 'custom'; at: number }>();
  for (const m of sql.matchAll(PLACEHOLDER))
    if (!found.has(m[1]!)) found.set(m[1]!, { name: m[1]!, kind: 'placeholder', at: m.index });
  for (const m of sql.matchAll(CUSTOM_PARAMETER))
    if (!found.has(m[1]!)) found.set(m[1]!, { name: m[1]!, kind: 'custom', at: m.index });
  return [...found.values()].sort((a, b) => a.at - b.at).map(({ name, kind }) => ({ name, kind }));
}

/** A type guessed from the name: dates and ids are common in AMC queries. */
export function guessType(name: string): ParameterType {
  if (/(_ids|_list|s)$/i.test(name) && /id|asin|campaign/i.test(name)) return 'string_list';
  if (/date|day$/i.test(name)) return 'date';
  if (/min|max|count|threshold|limit|days|number|num_/i.test(name)) return 'number';
  return 'string';
}

/** Declarations for the SQL: existing ones kept, new names added with a guessed type, vanished ones dropped. */
export function syncDeclarations(
  sql: string,
  current: Record<string, ParameterDefinition>,
): Record<string, ParameterDefinition> {
  const next: Record<string, ParameterDefinition> = {};
  for (const { name } of detectParameters(sql)) next[name] = current[name] ?? { type: guessType(name), required: true };
  return next;
}

/**
 * A form's text → the JSON value the API expects for the type ('' = not given). Text that does not fit the type
 * is sent as it is, so the API's own message ("must be a number"…) is what the form shows by the field.
 */
export function parseValue(type: ParameterType, text: string): unknown {
  const t = text.trim();
  if (t === '') return undefined;
  const num = (s: string) => (s.trim() !== '' && Number.isFinite(Number(s)) ? Number(s) : s.trim());
  if (type === 'number') return num(t);
  if (type === 'number_list') return t.split(',').map(num);
  if (type === 'string_list')
    return t
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  return t;
}

/** The JSON value → the text a form shows. */
export function formatValue(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) return value.join(', ');
  return String(value);
}
