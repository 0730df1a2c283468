/**
 * A saved query as an AMC saved workflow: each `{{name}}` becomes `CUSTOM_PARAMETER('name')` and each parameter
 * definition an AMC inputParameter, so AMC stores the query once and takes values per execution. AMC reports
 * compile errors against the SQL it was sent; `toOriginalPosition` maps a line/column back to our text.
 */
import type { AmcInputParameter, AmcParameterDataType } from '../amc/client';
import type { ParameterDefinition, ParameterType } from '../db/tables';
import { checkDeclarations, PLACEHOLDER } from './sql-parameters';

const AMC_TYPES: Record<ParameterType, AmcParameterDataType> = {
  string: 'STRING',
  number: 'DOUBLE',
  date: 'DATE',
  timestamp: 'TIMESTAMP',
  string_list: { type: 'ARRAY', elementDataType: 'STRING' },
  number_list: { type: 'ARRAY', elementDataType: 'DOUBLE' },
};

interface Replacement {
  /** Offsets in our SQL and in the SQL sent to AMC, and the lengths there. */
  ourOffset: number;
  ourLength: number;
  amcOffset: number;
  amcLength: number;
}

export interface AmcSavedWorkflowSql {
  sqlQuery: string;
  inputParameters: AmcInputParameter[];
  /** AMC's (1-based) line/column in sqlQuery → the same place in our SQL. */
  toOriginalPosition(line: number, column: number): { line: number; column: number };
}

function offsetOf(text: string, line: number, column: number): number {
  let offset = 0;
  for (let l = 1; l < line; l++) {
    const nl = text.indexOf('\n', offset);
    if (nl === -1) break;
    offset = nl + 1;
  }
  return offset + column - 1;
}

function positionOf(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: before[before.length - 1]!.length + 1 };
}

export function toAmcSavedWorkflowSql(
  sql: string,
  parameters: Record<string, ParameterDefinition>,
): AmcSavedWorkflowSql {
  checkDeclarations(sql, parameters);
  const replacements: Replacement[] = [];
  let shift = 0;
  const sqlQuery = sql.replace(PLACEHOLDER, (match, name: string, offset: number) => {
    const text = `CUSTOM_PARAMETER('${name}')`;
    replacements.push({
      ourOffset: offset,
      ourLength: match.length,
      amcOffset: offset + shift,
      amcLength: text.length,
    });
    shift += text.length - match.length;
    return text;
  });
  const inputParameters = Object.entries(parameters).map(([name, def]) => ({
    name,
    dataType: AMC_TYPES[def.type],
    ...(def.description && { description: def.description }),
    ...(def.default !== undefined && def.default !== null && { defaultValue: def.default }),
  }));
  return {
    sqlQuery,
    inputParameters,
    toOriginalPosition(line, column) {
      const amcOffset = offsetOf(sqlQuery, line, column);
      let delta = 0;
      for (const r of replacements) {
        if (amcOffset < r.amcOffset) break;
        // Inside a CUSTOM_PARAMETER(...) we wrote: point at the placeholder's start.
        if (amcOffset < r.amcOffset + r.amcLength) return positionOf(sql, r.ourOffset);
        delta = r.amcOffset + r.amcLength - (r.ourOffset + r.ourLength);
      }
      return positionOf(sql, amcOffset - delta);
    },
  };
}
