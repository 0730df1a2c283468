/**
 * A refusal of the AMC SQL front end (amc/sql) as a pre-flight error: a stable code, the message without the
 * edited SQL's "From line … to line …" prefix, the line and column in the user's own SQL, and a suggestion —
 * the nearest table or column names, the table that replaced a retired one, how to write what an AMC rule forbids.
 */
import type { SqlCompileError } from '../amc/sql';
import { parseAmcSql } from '../amc/sql/parser';
import { AMC_TABLES, amcTable, retiredTable } from '../amc/catalog/amc-catalog';
import { nearestNames } from './nearest-names';
import type { CheckItem } from './sql-check-item';
import { positionOf, type EditedSql } from './sql-edits';

/** Codes of AMC's documented rules (amc/sql/errors.ts AMC_RULES), with how to write the query instead. */
const RULES: Record<string, { code: string; suggestion: string }> = {
  limit: {
    code: 'LIMIT_NOT_SUPPORTED',
    suggestion: 'rank rows with RANK() OVER (ORDER BY …) in a CTE and keep the top ones with WHERE rank <= n',
  },
  orderBy: { code: 'ORDER_BY_NOT_SUPPORTED', suggestion: 'remove ORDER BY and sort the results after download' },
  rightJoin: { code: 'RIGHT_JOIN_NOT_SUPPORTED', suggestion: 'swap the two tables and use LEFT JOIN' },
  getDate: { code: 'GETDATE_NOT_SUPPORTED', suggestion: "use CAST('today' AS DATE) or CAST('now' AS TIMESTAMP)" },
  aggregation: {
    code: 'AGGREGATION_REQUIRED',
    suggestion: 'aggregate the output: GROUP BY the dimensions and SUM / COUNT(DISTINCT …) the metrics',
  },
  selectStar: { code: 'SELECT_STAR_NOT_ALLOWED', suggestion: 'name the columns you need' },
  veryHigh: {
    code: 'VERY_HIGH_COLUMN_IN_OUTPUT',
    suggestion: 'output COUNT(DISTINCT user_id) (or another aggregate) instead of the column itself',
  },
  literalFilter: {
    code: 'LITERAL_FILTER_ON_SENSITIVE_COLUMN',
    suggestion: 'filter on a column with a lower aggregation threshold, or join against a list built in the query',
  },
  audienceUserId: { code: 'AUDIENCE_WITHOUT_USER_ID', suggestion: 'select user_id in the audience query' },
};

const PREFIX = /^From line \d+, column \d+ to line \d+, column \d+: /;

/** Catalog tables the query names (with their aliases), from the parse tree; empty when it does not parse. */
function tableRefs(sql: string): { table: string; alias: string }[] {
  let tree: unknown;
  try {
    tree = parseAmcSql(sql);
  } catch {
    return [];
  }
  const refs: { table: string; alias: string }[] = [];
  const walk = (n: unknown): void => {
    if (!n || typeof n !== 'object') return;
    if (Array.isArray(n)) return n.forEach(walk);
    const node = n as { kind?: string; name?: { name: string }; table?: { name: string }; alias?: { name: string } };
    const ident = node.kind === 'table' ? node.name : node.kind === 'extended' ? node.table : undefined;
    if (ident && amcTable(ident.name)) refs.push({ table: ident.name, alias: node.alias?.name ?? ident.name });
    for (const v of Object.values(n)) walk(v);
  };
  walk(tree);
  return refs;
}

function columnsOf(tables: string[]): string[] {
  return tables.flatMap((t) => amcTable(t)?.columns.map((c) => c.name) ?? []);
}

const didYouMean = (names: string[]) => (names.length > 0 ? `did you mean ${names.join(', ')}?` : undefined);

function classify(message: string, rule: string | undefined, sql: string): { code: string; suggestion?: string } {
  if (rule && RULES[rule]) return RULES[rule];
  let m = /^Object '([^']+)' not found/.exec(message);
  if (m) {
    const retired = retiredTable(m[1]!);
    if (retired)
      return {
        code: 'RETIRED_TABLE',
        suggestion: retired.replacement ? `use ${retired.replacement}` : retired.reason,
      };
    const names = nearestNames(
      m[1]!,
      AMC_TABLES.map((t) => t.name),
    );
    return { code: 'UNKNOWN_TABLE', ...(names.length > 0 && { suggestion: didYouMean(names) }) };
  }
  m = /^Column '([^']+)' not found in table '([^']+)'/.exec(message);
  if (m) {
    const refs = tableRefs(sql).filter((r) => r.alias.toLowerCase() === m![2]!.toLowerCase());
    const suggestion = didYouMean(nearestNames(m[1]!, columnsOf(refs.map((r) => r.table))));
    return { code: 'UNKNOWN_COLUMN', ...(suggestion && { suggestion }) };
  }
  m = /^Column '([^']+)' not found in any table/.exec(message);
  if (m) {
    const suggestion = didYouMean(nearestNames(m[1]!, columnsOf(tableRefs(sql).map((r) => r.table))));
    return { code: 'UNKNOWN_COLUMN', ...(suggestion && { suggestion }) };
  }
  if (/^Table '[^']+' not found/.test(message)) return { code: 'UNKNOWN_TABLE_ALIAS' };
  if (/ is ambiguous/.test(message))
    return { code: 'AMBIGUOUS_COLUMN', suggestion: 'qualify the column with its table alias (alias.column)' };
  if (/^(Lexical error|Encountered|SQL query was invalid)/.test(message)) return { code: 'SYNTAX_ERROR' };
  if (/undeclared parameter/.test(message)) return { code: 'UNDECLARED_PARAMETER' };
  return { code: 'SQL_COMPILE_ERROR' };
}

/** The front end's refusal of `edited.sql` as an error at the same place in `original`. */
export function classifyCompileError(original: string, edited: EditedSql, err: SqlCompileError): CheckItem {
  const message = err.message.replace(PREFIX, '');
  const { code, suggestion } = classify(message, err.rule, edited.sql);
  const position =
    err.line !== undefined && err.column !== undefined
      ? edited.toOriginalPosition(err.line, err.column)
      : positionOf(original, 0);
  return { code, message, ...position, ...(suggestion && { suggestion }) };
}
