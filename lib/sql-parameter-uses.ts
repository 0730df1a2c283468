/**
 * Where a saved query uses its parameters, found lexically (lib/sql-scan.ts) so that nothing inside comments or
 * quotes counts as code:
 * - `{{name}}` placeholders, which RecomAMP renders into the SQL: bare (a literal of their own) or inside a string
 *   literal (their text escaped into it);
 * - `CUSTOM_PARAMETER('name')`, AMC's own parameters, which stay in the SQL and travel as inputParameters.
 * Placeholders inside quoted identifiers or comments, in a literal that is never closed, or inside the name of a
 * CUSTOM_PARAMETER / BUILT_IN_PARAMETER, are problems (MISPLACED_PARAMETER), as is a name that cannot be declared.
 */
import { ParameterError } from './parameter-error';
import { regionAt, sqlRegions, stringLiteralValue, type SqlRegion } from './sql-scan';

export const PARAMETER_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
export const PLACEHOLDER = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;
/** Anything that looks like a placeholder, well-formed or not. */
const ANY_BRACES = /\{\{([^{}]*)\}\}/g;
const PARAMETER_CALL = /\b(CUSTOM_PARAMETER|BUILT_IN_PARAMETER)\s*\(/gi;

export interface PlaceholderUse {
  style: 'placeholder';
  name: string;
  offset: number;
  length: number;
  /** The string literal the placeholder stands inside, if any. */
  literal?: SqlRegion;
}

export interface CustomParameterUse {
  style: 'custom_parameter';
  name: string;
  /** The whole `CUSTOM_PARAMETER('name')` call. */
  offset: number;
  length: number;
}

export type ParameterUse = PlaceholderUse | CustomParameterUse;

export interface ParameterScan {
  /** In text order. */
  uses: ParameterUse[];
  problems: ParameterError[];
  regions: SqlRegion[];
}

const KIND_WORDS = {
  string: 'a string literal',
  identifier: 'a quoted identifier',
  line_comment: 'a comment',
  block_comment: 'a comment',
};

/** `CUSTOM_PARAMETER('x')` / `BUILT_IN_PARAMETER('x')` calls whose argument is one string literal. */
function parameterCalls(sql: string, regions: SqlRegion[]) {
  const calls: { fn: string; offset: number; length: number; nameRegion: SqlRegion }[] = [];
  for (const m of sql.matchAll(PARAMETER_CALL)) {
    if (regionAt(regions, m.index)) continue;
    let i = m.index + m[0].length;
    while (/\s/.test(sql[i] ?? '')) i++;
    const nameRegion = sql[i] === "'" ? regionAt(regions, i) : undefined;
    if (!nameRegion?.terminated) continue;
    i = nameRegion.end;
    while (/\s/.test(sql[i] ?? '')) i++;
    if (sql[i] !== ')') continue;
    calls.push({ fn: m[1]!.toUpperCase(), offset: m.index, length: i + 1 - m.index, nameRegion });
  }
  return calls;
}

export function scanParameters(sql: string): ParameterScan {
  const regions = sqlRegions(sql);
  const uses: ParameterUse[] = [];
  const problems: ParameterError[] = [];
  const calls = parameterCalls(sql, regions);
  const nameRegions = new Set(calls.map((c) => c.nameRegion));

  for (const call of calls) {
    if (call.fn !== 'CUSTOM_PARAMETER') continue;
    const name = stringLiteralValue(sql, call.nameRegion);
    if (name.includes('{{')) continue; // reported below as a misplaced placeholder
    if (!PARAMETER_NAME.test(name)) {
      problems.push(
        new ParameterError(
          'UNDECLARED_PARAMETER',
          name,
          `CUSTOM_PARAMETER('${name}') cannot be declared: parameter names are a letter or _ followed by letters, digits or _`,
          call.offset,
        ),
      );
      continue;
    }
    uses.push({ style: 'custom_parameter', name, offset: call.offset, length: call.length });
  }

  for (const m of sql.matchAll(ANY_BRACES)) {
    const name = m[1]!.trim();
    const region = regionAt(regions, m.index);
    const misplaced = (where: string) =>
      problems.push(
        new ParameterError('MISPLACED_PARAMETER', name, `placeholder {{${name}}} is inside ${where}`, m.index),
      );
    if (region && region.kind !== 'string') {
      misplaced(`${KIND_WORDS[region.kind]}; write it bare or inside a string literal`);
      continue;
    }
    if (region && !region.terminated) {
      misplaced('a string literal that is never closed');
      continue;
    }
    if (region && nameRegions.has(region)) {
      misplaced("the name of a CUSTOM_PARAMETER; write CUSTOM_PARAMETER('name') with the name itself");
      continue;
    }
    if (!PARAMETER_NAME.test(name)) {
      problems.push(
        new ParameterError(
          'UNDECLARED_PARAMETER',
          name,
          `placeholder {{${name}}} is not a valid parameter name`,
          m.index,
        ),
      );
      continue;
    }
    uses.push({ style: 'placeholder', name, offset: m.index, length: m[0].length, ...(region && { literal: region }) });
  }
  uses.sort((a, b) => a.offset - b.offset);
  problems.sort((a, b) => (a.offset ?? 0) - (b.offset ?? 0));
  return { uses, problems, regions };
}

/** Names used as `{{name}}`, in order of first use. */
export function placeholdersOf(sql: string): string[] {
  return [
    ...new Set(
      scanParameters(sql)
        .uses.filter((u) => u.style === 'placeholder')
        .map((u) => u.name),
    ),
  ];
}

/** Names used as `CUSTOM_PARAMETER('name')`, in order of first use. */
export function customParametersOf(sql: string): string[] {
  return [
    ...new Set(
      scanParameters(sql)
        .uses.filter((u) => u.style === 'custom_parameter')
        .map((u) => u.name),
    ),
  ];
}
