/**
 * Result rows of an execution. Ingestion streams a CSV straight into Postgres with COPY, in one transaction
 * that first deletes any rows of an earlier attempt: a retried download never duplicates or half-writes rows.
 */
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parse } from 'csv-parse';
import type { Knex } from 'knex';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { TABLES, type ExecutionResultRow, type ResultColumn } from './tables';

const NUMERIC_TYPES = new Set(['LONG', 'INTEGER', 'SHORT', 'BYTE', 'DOUBLE', 'FLOAT', 'DECIMAL', 'number']);

export interface IngestResult {
  rowCount: number;
  columns: ResultColumn[];
}

/** COPY text format: backslash is the escape character; JSON text has no raw tabs or newlines. */
function copyLine(executionId: string, rowNumber: number, data: Record<string, unknown>): string {
  return `${executionId}\t${rowNumber}\t${JSON.stringify(data).replace(/\\/g, '\\\\')}\n`;
}

function toValue(raw: string, numeric: boolean): unknown {
  if (raw === '') return null;
  if (numeric) {
    const n = Number(raw);
    return Number.isFinite(n) ? n : raw;
  }
  return raw;
}

export function createExecutionResultsDb(db: Knex) {
  return {
    /**
     * Replaces the execution's rows with the CSV's. `columnTypes` (AMC's outputColumns) decide which values are
     * numbers; unknown columns stay strings. `onProgress` is called every 10,000 rows (activities heartbeat).
     */
    async replaceFromCsv(
      executionId: string,
      csv: Readable,
      columnTypes: Record<string, string>,
      onProgress?: (rows: number) => void,
    ): Promise<IngestResult> {
      const conn = (await db.client.acquireConnection()) as PoolClient;
      let columns: ResultColumn[] = [];
      let rowCount = 0;
      try {
        await conn.query('BEGIN');
        await conn.query(`DELETE FROM ${TABLES.executionResults} WHERE execution_id = $1`, [executionId]);
        let numeric: boolean[] = [];
        const toCopy = new Transform({
          writableObjectMode: true,
          transform(record: string[], _enc, done) {
            if (columns.length === 0) {
              columns = record.map((name) => ({ name, type: columnTypes[name] ?? 'STRING' }));
              numeric = columns.map((c) => NUMERIC_TYPES.has(c.type));
              return done();
            }
            const data: Record<string, unknown> = {};
            columns.forEach((c, i) => (data[c.name] = toValue(record[i] ?? '', numeric[i] ?? false)));
            rowCount += 1;
            if (onProgress && rowCount % 10_000 === 0) onProgress(rowCount);
            done(null, copyLine(executionId, rowCount, data));
          },
        });
        const sink = conn.query(
          copyFrom(`COPY ${TABLES.executionResults} (execution_id, row_number, data) FROM STDIN`),
        );
        await pipeline(csv, parse({ relax_column_count: true, bom: true }), toCopy, sink);
        await conn.query('COMMIT');
        return { rowCount, columns };
      } catch (err) {
        await conn.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        await db.client.releaseConnection(conn);
      }
    },
    async page(executionId: string, limit: number, offset: number): Promise<ExecutionResultRow[]> {
      return db<ExecutionResultRow>(TABLES.executionResults)
        .where({ execution_id: executionId })
        .andWhere('row_number', '>', offset)
        .orderBy('row_number')
        .limit(limit);
    },
    /** All rows in order, as a stream, for CSV export without loading them into memory. */
    stream(executionId: string): Readable {
      return db<ExecutionResultRow>(TABLES.executionResults)
        .where({ execution_id: executionId })
        .orderBy('row_number')
        .select('data')
        .stream();
    },
  };
}
export type ExecutionResultsDb = ReturnType<typeof createExecutionResultsDb>;
