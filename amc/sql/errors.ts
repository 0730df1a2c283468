/**
 * What the AMC SQL front end refuses, and where. Positions are offsets into the user's text; `locate` turns them
 * into AMC's recorded wording "From line L, column C to line L2, column C2: …" (reference §5.3) with 1-based
 * line and column.
 */

/**
 * A refusal at [offset, offset + length) raised while lexing, parsing or checking; `locate` gives it line and
 * column. `rule` names the documented AMC rule it enforces, when there is one.
 */
export class SqlRefusal extends Error {
  constructor(
    readonly offset: number,
    readonly length: number,
    message: string,
    readonly rule?: AmcRule,
  ) {
    super(message);
  }
}

/** A refusal AMC itself would make (compile-time 400). `rule` names the documented AMC rule when there is one. */
export class SqlCompileError extends Error {
  constructor(
    message: string,
    readonly line?: number,
    readonly column?: number,
    readonly rule?: string,
  ) {
    super(message);
  }
}

/** 1-based line and column of an offset. */
export function positionAt(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.max(0, Math.min(offset, text.length));
  for (let i = 0; i < end; i++) {
    if (text[i] === '\n') {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: end - lineStart + 1 };
}

/** The compile error for a refusal at [offset, offset + length) of `text`. */
export function locate(text: string, offset: number, length: number, message: string, rule?: string): SqlCompileError {
  const start = positionAt(text, offset);
  const end = positionAt(text, offset + Math.max(1, length) - 1);
  return new SqlCompileError(
    `From line ${start.line}, column ${start.column} to line ${end.line}, column ${end.column}: ${message}`,
    start.line,
    start.column,
    rule,
  );
}

/** Where each documented refusal comes from, quoted in the message so the user can look it up. */
export const AMC_RULES = {
  limit:
    'AMC SQL reference, "Limitations and unsupported functions": LIMIT is not supported (rank rows with RANK() OVER (...) instead)',
  orderBy:
    'AMC SQL reference, "Limitations and unsupported functions": ORDER BY is not supported in a query, only inside a window function OVER (...) / PARTITION BY clause',
  rightJoin:
    'AMC SQL reference, "Limitations and unsupported functions": RIGHT JOIN is not supported (use LEFT JOIN and swap the tables)',
  getDate:
    "AMC SQL reference, \"Limitations and unsupported functions\": GETDATE() is not supported (use CAST('today' AS DATE) or CAST('now' AS TIMESTAMP))",
  aggregation:
    'AMC SQL reference, "Limitations": queries must contain at least one aggregation (an aggregate function, GROUP BY or DISTINCT); raw event-level data cannot be exported',
  selectStar: 'AMC SQL basics: AMC does not support selecting all columns from a table (SELECT *) for privacy reasons',
  veryHigh:
    'AMC aggregation thresholds, "Very high": values of this column can never be included in workflow output; use it only in intermediate steps, dropped or aggregated with COUNT / COUNT(DISTINCT)',
  literalFilter:
    'AMC aggregation thresholds, "High" / "Very high": filters comparing this column with literal or parameter values are rejected',
  audienceUserId: 'AMC rule-based audiences: an audience query must select user_id',
} as const;

export type AmcRule = keyof typeof AMC_RULES;
