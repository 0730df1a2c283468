/** Parameter definitions several templates share. */
import type { ParameterDefinition } from '../../db/tables';

/** AMC's "list of names, or ALL" idiom: `('ALL' IN ({{campaigns}}) OR campaign IN ({{campaigns}}))`. */
export const campaignsParameter: ParameterDefinition = {
  type: 'string_list',
  default: ['ALL'],
  description: "Campaign names to include, or ['ALL'] for every campaign in the instance",
};

export const ALL_CAMPAIGNS = "('ALL' IN ({{campaigns}}) OR campaign IN ({{campaigns}}))";
