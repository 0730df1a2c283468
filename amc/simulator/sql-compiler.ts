/**
 * The simulator's AMC "compile" step: the AMC SQL front end (amc/sql) over the AMC table catalog. It refuses only
 * what AMC refuses (syntax errors, unknown tables and columns, undeclared parameters, AMC's documented rules);
 * what the offline sandbox cannot run is found when the run starts and ends the run SANDBOX_UNSUPPORTED.
 */
import type { AmcInputParameter } from '../client/types';
import { compileAmcSql as compileWithCatalog, type CompiledSql } from '../sql';
import { amcSqlCatalog } from '../sql/amc-catalog-view';

export { SqlCompileError, compileErrorDetails } from '../sql';
export type { CompiledSql } from '../sql';

/** Compiles AMC SQL against the catalog; `parameters` are the workflow's declared input parameters (or their names). */
export function compileAmcSql(sqlQuery: string, parameters: (AmcInputParameter | string)[]): CompiledSql {
  return compileWithCatalog(sqlQuery, {
    catalog: amcSqlCatalog,
    parameters: parameters.map((p) => (typeof p === 'string' ? { name: p } : p)),
  });
}
