/**
 * The pre-flight check over the whole AMC SQL corpus (test/fixtures/amc-sql), as written and as users paste it:
 * it never reports an error for a valid query, and for every query AMC refuses at compile time it reports that
 * refusal (the expected reason) with a line and column.
 */
import { checkSql } from '../../lib/sql-check';
import { declaredParameters, loadCorpus, pasteLikeAUser } from '../helpers/amc-sql-corpus';

const corpus = loadCorpus();
const valid = corpus.filter((q) => q.expect.kind === 'rows');
/** The check answers for RecomAMP's API: where the API refuses a query before AMC would, that refusal. */
const refused = corpus.filter((q) => q.expectApi.kind === 'refused');

describe.each([
  ['as written', (sql: string) => sql],
  ['as pasted', pasteLikeAUser],
])('pre-flight check of the corpus %s', (_pass, paste) => {
  test('when every valid query is checked with its declarations, then none has an error', () => {
    const withErrors = valid.flatMap((q) => {
      const report = checkSql(paste(q.sql), declaredParameters(q));
      return report.errors.map((e) => `${q.file}: ${e.code} ${e.message}`);
    });
    expect(withErrors).toEqual([]);
  });

  test.each(refused.map((q) => [q.file, q] as const))(
    'when %s is checked, then the refusal AMC would give is an error with its position',
    (_file, q) => {
      const report = checkSql(paste(q.sql), declaredParameters(q));
      const reason = (q.expectApi as { reason: string }).reason.replace(/^From line .*$/, '');
      expect(report.ok).toBe(false);
      expect(report.errors[0]).toMatchObject({ line: expect.any(Number), column: expect.any(Number) });
      expect(report.errors.map((e) => e.message.toLowerCase()).join('\n')).toContain(reason.toLowerCase());
    },
  );
});
