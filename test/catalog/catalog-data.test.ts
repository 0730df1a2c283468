/** The seeded catalog data is self-consistent: guides link real templates, templates read real tables. */
import { amcTables } from '../../catalog/amc-tables';
import { BUILD_GUIDES } from '../../catalog/build-guides';
import { QUERY_TEMPLATES } from '../../catalog/query-templates';
import { TEMPLATE_CATEGORIES } from '../../catalog/types';
import { checkDeclarations } from '../../lib/sql-parameters';

const slugs = new Set(QUERY_TEMPLATES.map((t) => t.slug));
const tables = new Set(amcTables().map((t) => t.name));

test('when the template library is loaded, then slugs are unique and every category has a template', () => {
  expect(slugs.size).toBe(QUERY_TEMPLATES.length);
  for (const c of TEMPLATE_CATEGORIES) expect(QUERY_TEMPLATES.some((t) => t.category === c)).toBe(true);
});

test.each(QUERY_TEMPLATES.map((t) => [t.slug, t] as const))(
  'when template %s is checked, then its parameters and tables are real',
  (_slug, t) => {
    expect(() => checkDeclarations(t.sqlQuery, t.parameters)).not.toThrow();
    for (const table of t.dataSources) {
      expect(tables.has(table)).toBe(true);
      expect(t.sqlQuery).toContain(table);
    }
    expect(t.description.length).toBeGreaterThan(20);
  },
);

test('when build guides are loaded, then every linked template exists', () => {
  for (const g of BUILD_GUIDES)
    for (const s of g.sections) for (const slug of s.templateSlugs) expect(slugs).toContain(slug);
});
