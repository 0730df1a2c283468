/**
 * Our parameter types as AMC's inputParameters (../shared/reference/amc-api.md §5.2): the declaration AMC needs for
 * each `CUSTOM_PARAMETER('name')`, sent with an ad-hoc execution (with `parameterValues`) or a saved workflow.
 *
 * | ours          | AMC dataType                                                        |
 * |---------------|---------------------------------------------------------------------|
 * | string        | STRING                                                              |
 * | number        | LONG when the value is a whole number within ±2^53, else DOUBLE     |
 * | date          | DATE (value `yyyy-MM-dd`)                                           |
 * | timestamp     | TIMESTAMP (value `yyyy-MM-ddTHH:mm:ss`, zone-less)                   |
 * | string_list   | { type: ARRAY, elementDataType: STRING }                            |
 * | number_list   | { type: ARRAY, elementDataType: LONG } when every element is whole, else DOUBLE |
 *
 * LONG keeps ids exact and compares with AMC's LONG id columns (`ARRAY_CONTAINS(CUSTOM_PARAMETER('ids'),
 * campaign_id)`); DOUBLE takes fractions. An ad-hoc execution declares the types of the values it sends; a saved
 * workflow (sync) has no value yet, so its default decides and no default means DOUBLE (it takes any number).
 */
import type { AmcInputParameter, AmcParameterDataType } from '../amc/client/types';
import type { ParameterDefinition, ParameterType } from '../db/tables';

export type { AmcParameters } from '../db/tables';

const isWhole = (v: unknown) => typeof v === 'number' && Number.isSafeInteger(v);

/** LONG when the value (for a list, every element) is whole or NULL; DOUBLE for fractions and unknown (undefined). */
function numberType(value: unknown): 'LONG' | 'DOUBLE' {
  if (value === null) return 'LONG';
  if (Array.isArray(value)) return value.every(isWhole) ? 'LONG' : 'DOUBLE';
  return isWhole(value) ? 'LONG' : 'DOUBLE';
}

/** AMC's dataType for a parameter of `type` holding `value` (already validated; undefined when not known). */
export function amcDataType(type: ParameterType, value: unknown): AmcParameterDataType {
  switch (type) {
    case 'string':
      return 'STRING';
    case 'number':
      return numberType(value);
    case 'date':
      return 'DATE';
    case 'timestamp':
      return 'TIMESTAMP';
    case 'string_list':
      return { type: 'ARRAY', elementDataType: 'STRING' };
    case 'number_list':
      return { type: 'ARRAY', elementDataType: numberType(value) };
  }
}

/** One inputParameter: name, AMC dataType for `value`, the description when there is one. */
export function amcInputParameter(name: string, def: ParameterDefinition, value: unknown): AmcInputParameter {
  return {
    name,
    dataType: amcDataType(def.type, value),
    ...(def.description && { description: def.description }),
  };
}
