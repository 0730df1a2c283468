import { z } from 'zod';
import { isoTime, jsonObject, uuid } from './common';
import { parameterDefinition } from '../saved-queries';

export const queryTemplate = z
  .object({
    id: uuid,
    slug: z.string(),
    name: z.string(),
    category: z.string(),
    description: z.string(),
    sqlQuery: z.string(),
    parameters: z.record(z.string(), parameterDefinition),
    exampleParameters: jsonObject,
    tags: z.array(z.string()),
    dataSources: z.array(z.string()),
    usageCount: z.number().int().describe('saved queries the caller created from it'),
    totalUsageCount: z.number().int(),
    updatedAt: isoTime,
  })
  .meta({ id: 'QueryTemplate' });

export const dataSourceField = z
  .object({
    name: z.string(),
    type: z.string(),
    kind: z.string().nullable().describe('metric or dimension, where documented'),
    description: z.string(),
    aggregationThreshold: z.string().nullable().describe('NONE | LOW | MEDIUM | HIGH | VERY_HIGH | INTERNAL'),
  })
  .meta({ id: 'DataSourceField' });

export const dataSource = z
  .object({
    id: uuid,
    name: z.string(),
    category: z.string(),
    description: z.string(),
    source: z.string().describe("where the table's schema was taken from (Amazon's AMC documentation)"),
    paid: z.boolean().describe('a paid AMC feature (subscription)'),
    audienceOf: z.string().nullable().describe("an audience twin's reporting table"),
    fieldCount: z.number().int().optional(),
  })
  .meta({ id: 'DataSource' });

export const dataSourceWithFields = dataSource
  .extend({
    fieldCount: z.number().int(),
    fields: z.array(dataSourceField),
  })
  .meta({ id: 'DataSourceWithFields' });

export const dataSourceCategories = z
  .object({
    items: z.array(z.object({ category: z.string(), tableCount: z.number().int() })),
  })
  .meta({ id: 'DataSourceCategories' });

export const dataSourceSearch = z
  .object({
    query: z.string(),
    items: z.array(
      dataSource.extend({
        score: z.number(),
        matchedOn: z.enum(['table', 'field']),
        matchedFields: z.array(dataSourceField.extend({ score: z.number() })),
      }),
    ),
  })
  .meta({ id: 'DataSourceSearch' });

const compared = z.object({ id: uuid, name: z.string(), category: z.string(), fieldCount: z.number().int() });
export const dataSourceComparison = z
  .object({
    a: compared,
    b: compared,
    fields: z.array(
      z.object({
        name: z.string(),
        presence: z.enum(['both', 'a', 'b']),
        sameType: z.boolean().nullable(),
        a: z.union([dataSourceField, z.null()]),
        b: z.union([dataSourceField, z.null()]),
      }),
    ),
    summary: z.object({
      inBoth: z.number().int(),
      onlyInA: z.number().int(),
      onlyInB: z.number().int(),
      typeMismatches: z.array(z.string()),
    }),
  })
  .meta({ id: 'DataSourceComparison' });

const linkedTemplate = z.object({ id: uuid, slug: z.string(), name: z.string(), category: z.string() });
export const buildGuide = z
  .object({
    id: uuid,
    slug: z.string(),
    title: z.string(),
    category: z.string(),
    description: z.string(),
    sectionCount: z.number().int(),
    templateSlugs: z.array(z.string()),
    sections: z
      .array(
        z.object({ step: z.number().int(), title: z.string(), body: z.string(), templates: z.array(linkedTemplate) }),
      )
      .optional(),
  })
  .meta({ id: 'BuildGuide' });
