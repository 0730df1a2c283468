/**
 * Result rows of an execution, stored as AMC's own CSV records in chunks (see the results-as-csv-chunks
 * migration). Each of AMC's result files is ingested by COPY in a transaction of its own that first deletes any
 * rows of that file (and later ones) from an earlier attempt: a retried download never duplicates or half-writes
 * rows, and resumes from the first file not stored yet (`resumePoint`). Reads parse only the chunks asked for.
 */
import { type Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parse as parseCsv } from 'csv-parse/sync';
import type { Knex } from 'knex';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { CsvRecordSplitter, splitCsvRecords } from '../lib/csv-records';
import { TABLES, type ExecutionResultChunkRow, type ResultColumn } from './tables';

export const RESULT_CHUNK_ROWS = 1000;
const NUMERIC_TYPES = new Set(['LONG', 'INTEGER', 'SHORT', 'BYTE', 'DOUBLE', 'FLOAT', 'DECIMAL', 'number']);

export interface IngestResult {
  rowCount: number;
  columns: ResultColumn[];
}

export interface ResultRow {
  rowNumber: number;
  data: Record<string, unknown>;
}

/** A row with its CSV record exactly as AMC delivered it (CSV exports write it unchanged). */
export interface ResultRecord extends ResultRow {
  record: string;
}

/** COPY text format escapes backslash, tab, newline and carriage return. */
function copyEscape(s: string): string {
  return s.replace(/[\\\t\n\r]/g, (c) => ({ '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' })[c]!);
}

function toValue(raw: string | undefined, numeric: boolean): unknown {
  if (raw === undefined || raw === '') return null;
  if (!numeric) return raw;
  const n = Number(raw);
  return Number.isFinite(n) ? n : raw;
}

/** Parses CSV records (newline-joined) into objects keyed by column name, in column order, typed. */
export function decodeRecords(records: string, columns: ResultColumn[]): Record<string, unknown>[] {
  if (records === '') return [];
  const fields = parseCsv(records, { relax_column_count: true }) as string[][];
  const numeric = columns.map((c) => NUMERIC_TYPES.has(c.type));
  return fields.map((f) => Object.fromEntries(columns.map((c, i) => [c.name, toValue(f[i], numeric[i]!)])));
}

/** Where the next file's rows go: rows and chunks already stored before it. */
export interface FileStart {
  fileNumber: number;
  rowsBefore: number;
  nextChunk: number;
}

/** Batches of records → COPY lines of up to RESULT_CHUNK_ROWS records each; the first record is the header. */
class ChunkEncoder extends Transform {
  columns: ResultColumn[] = [];
  /** Rows of this file. */
  rowCount = 0;
  private header = true;
  private pending: string[] = [];
  private chunkNumber: number;

  constructor(
    private readonly executionId: string,
    private readonly columnTypes: Record<string, string>,
    private readonly start: FileStart,
    private readonly onProgress?: (rows: number) => void,
  ) {
    super({ writableObjectMode: true });
    this.chunkNumber = start.nextChunk;
  }

  get chunks(): number {
    return this.chunkNumber - this.start.nextChunk;
  }

  private chunk(): string {
    const firstRow = this.start.rowsBefore + this.rowCount - this.pending.length + 1;
    const line = `${this.executionId}\t${this.chunkNumber}\t${this.start.fileNumber}\t${firstRow}\t${this.pending.length}\t${copyEscape(this.pending.join('\n'))}\n`;
    this.chunkNumber += 1;
    this.pending = [];
    return line;
  }

  override _transform(records: string[], _enc: BufferEncoding, done: (err?: Error | null, out?: string) => void): void {
    let out = '';
    for (const record of records) {
      if (this.header) {
        this.header = false;
        const names = (parseCsv(record) as string[][])[0] ?? [];
        this.columns = names.map((name) => ({ name, type: this.columnTypes[name] ?? 'STRING' }));
        continue;
      }
      this.rowCount += 1;
      this.pending.push(record);
      if (this.pending.length === RESULT_CHUNK_ROWS) {
        out += this.chunk();
        if (this.chunkNumber % 10 === 0) this.onProgress?.(this.start.rowsBefore + this.rowCount);
      }
    }
    done(null, out);
  }

  override _flush(done: (err?: Error | null, out?: string) => void): void {
    done(null, this.pending.length > 0 ? this.chunk() : '');
  }
}

export function createExecutionResultsDb(db: Knex) {
  const chunks = () => db<ExecutionResultChunkRow>(TABLES.executionResults);

  /**
   * Stores one result file (header first) after the rows already stored, in one transaction that first deletes
   * this file's and any later file's rows. The connection is held for the COPY only: callers stream from a local
   * copy of the file, not from the network.
   */
  async function storeFile(
    executionId: string,
    csv: Readable,
    columnTypes: Record<string, string>,
    start: FileStart,
    onProgress?: (rows: number) => void,
    signal?: AbortSignal,
  ): Promise<IngestResult & { chunks: number }> {
    const conn = (await db.client.acquireConnection()) as PoolClient;
    const encoder = new ChunkEncoder(executionId, columnTypes, start, onProgress);
    try {
      await conn.query('BEGIN');
      await conn.query(`DELETE FROM ${TABLES.executionResults} WHERE execution_id = $1 AND file_number >= $2`, [
        executionId,
        start.fileNumber,
      ]);
      const sink = conn.query(
        copyFrom(
          `COPY ${TABLES.executionResults} (execution_id, chunk_number, file_number, first_row, row_count, records) FROM STDIN`,
        ),
      );
      await pipeline(csv, new CsvRecordSplitter(), encoder, sink, ...(signal ? [{ signal }] : []));
      if (start.fileNumber === 0) {
        // The header is read from the first file only: with it, a resumed download knows its columns.
        await conn.query(`UPDATE ${TABLES.executions} SET result_columns = $1 WHERE id = $2`, [
          JSON.stringify(encoder.columns),
          executionId,
        ]);
      }
      await conn.query('COMMIT');
      return { rowCount: encoder.rowCount, columns: encoder.columns, chunks: encoder.chunks };
    } catch (err) {
      await conn.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      await db.client.releaseConnection(conn);
    }
  }

  return {
    storeFile,

    /**
     * Where an interrupted download resumes: the files stored completely (each committed whole, so every file
     * number present is complete), their rows, and the next chunk number.
     */
    async resumePoint(executionId: string): Promise<{ files: number; rowCount: number; nextChunk: number }> {
      const row = (await chunks()
        .where({ execution_id: executionId })
        .first(
          db.raw('coalesce(max(file_number) + 1, 0)::int AS files'),
          db.raw('coalesce(sum(row_count), 0)::int AS rows'),
          db.raw('coalesce(max(chunk_number) + 1, 0)::int AS next_chunk'),
        )) as unknown as { files: number; rows: number; next_chunk: number };
      return { files: row.files, rowCount: row.rows, nextChunk: row.next_chunk };
    },

    /**
     * Replaces the execution's rows with one CSV (a single file). `columnTypes` (AMC's outputColumns) type the
     * columns; `onProgress` is called every 10,000 rows. Aborting `signal` stops the copy and rolls it back.
     */
    async replaceFromCsv(
      executionId: string,
      csv: Readable,
      columnTypes: Record<string, string>,
      onProgress?: (rows: number) => void,
      signal?: AbortSignal,
    ): Promise<IngestResult> {
      const { rowCount, columns } = await storeFile(
        executionId,
        csv,
        columnTypes,
        { fileNumber: 0, rowsBefore: 0, nextChunk: 0 },
        onProgress,
        signal,
      );
      return { rowCount, columns };
    },

    /** Rows offset+1 … offset+limit, decoded. */
    async page(executionId: string, columns: ResultColumn[], limit: number, offset: number): Promise<ResultRow[]> {
      const rows = await chunks()
        .where({ execution_id: executionId })
        .andWhere('first_row', '<=', offset + limit)
        .andWhereRaw('first_row + row_count - 1 > ?', [offset])
        .orderBy('chunk_number');
      const out: ResultRow[] = [];
      for (const chunk of rows) {
        decodeRecords(chunk.records, columns).forEach((data, i) => {
          const rowNumber = chunk.first_row + i;
          if (rowNumber > offset && rowNumber <= offset + limit) out.push({ rowNumber, data });
        });
      }
      return out;
    },

    /** Every row in order, decoded, one chunk in memory at a time (JSON export of large results). */
    async *rows(executionId: string, columns: ResultColumn[]): AsyncGenerator<ResultRow> {
      for await (const chunk of chunks().where({ execution_id: executionId }).orderBy('chunk_number').stream()) {
        const c = chunk as ExecutionResultChunkRow;
        const decoded = decodeRecords(c.records, columns);
        for (let i = 0; i < decoded.length; i++) yield { rowNumber: c.first_row + i, data: decoded[i]! };
      }
    },

    /**
     * Rows in order with their raw CSV records, one stored chunk in memory at a time; with `range`, only the
     * chunks holding rows offset+1 … offset+limit are read (every row after offset without a limit).
     */
    async *records(
      executionId: string,
      columns: ResultColumn[],
      range?: { offset: number; limit?: number | undefined },
    ): AsyncGenerator<ResultRecord> {
      const q = chunks().where({ execution_id: executionId });
      if (range) {
        q.andWhereRaw('first_row + row_count - 1 > ?', [range.offset]);
        if (range.limit !== undefined) q.andWhere('first_row', '<=', range.offset + range.limit);
      }
      for await (const chunk of q.orderBy('chunk_number').stream()) {
        const c = chunk as ExecutionResultChunkRow;
        const raw = splitCsvRecords(c.records);
        const decoded = decodeRecords(c.records, columns);
        for (let i = 0; i < decoded.length; i++) {
          yield { rowNumber: c.first_row + i, data: decoded[i]!, record: raw[i] ?? '' };
        }
      }
    },

    /** The CSV body (records only, no header) as a stream: CSV export needs no parsing. */
    csvBody(executionId: string): Readable {
      const stream = chunks().where({ execution_id: executionId }).orderBy('chunk_number').select('records').stream();
      return stream.pipe(
        new Transform({
          writableObjectMode: true,
          transform(c: { records: string }, _e, done) {
            done(null, `${c.records}\n`);
          },
        }),
      );
    },
  };
}
export type ExecutionResultsDb = ReturnType<typeof createExecutionResultsDb>;
