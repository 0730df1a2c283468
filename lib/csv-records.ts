/**
 * Splits a CSV byte stream into whole records (a record may span lines inside quoted fields) without parsing
 * fields: only quote parity is tracked, so records pass through nearly as fast as the bytes arrive.
 * Line endings (LF or CRLF) are removed from each record; a UTF-8 BOM before the first record is dropped.
 * Records are pushed in batches (one array per input chunk): a million records are then a thousand stream
 * operations, not a million.
 */
import { StringDecoder } from 'node:string_decoder';
import { Transform, type TransformCallback } from 'node:stream';

function countQuotes(s: string): number {
  let n = 0;
  for (let i = s.indexOf('"'); i !== -1; i = s.indexOf('"', i + 1)) n++;
  return n;
}

export class CsvRecordSplitter extends Transform {
  private readonly decoder = new StringDecoder('utf8');
  private tail = '';
  /** Text of a record still open (odd number of quotes so far). */
  private open = '';
  private first = true;
  private batch: string[] = [];

  constructor() {
    super({ readableObjectMode: true });
  }

  private emitLine(line: string): void {
    const body = line.endsWith('\r') ? line.slice(0, -1) : line;
    const record = this.open ? `${this.open}\n${body}` : body;
    if (countQuotes(record) % 2 === 1) {
      this.open = record; // a quoted field continues on the next line
      return;
    }
    this.open = '';
    if (this.first) {
      this.first = false;
      this.batch.push(record.charCodeAt(0) === 0xfeff ? record.slice(1) : record);
      return;
    }
    if (record !== '') this.batch.push(record);
  }

  private pushBatch(): void {
    if (this.batch.length > 0) this.push(this.batch);
    this.batch = [];
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    const text = this.tail + this.decoder.write(chunk);
    let start = 0;
    for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', start)) {
      this.emitLine(text.slice(start, nl));
      start = nl + 1;
    }
    this.tail = text.slice(start);
    this.pushBatch();
    done();
  }

  override _flush(done: TransformCallback): void {
    const rest = this.tail + this.decoder.end();
    if (rest !== '' || this.open !== '') this.emitLine(rest);
    if (this.open !== '') return done(new Error('CSV ends inside a quoted field'));
    this.pushBatch();
    done();
  }
}

/** The records of newline-joined CSV text (a stored result chunk), a quoted field's newlines kept inside. */
export function splitCsvRecords(text: string): string[] {
  if (text === '') return [];
  const records: string[] = [];
  let open = '';
  for (const line of text.split('\n')) {
    const record = open ? `${open}\n${line}` : line;
    if (countQuotes(record) % 2 === 1) open = record;
    else {
      open = '';
      records.push(record);
    }
  }
  if (open) records.push(open);
  return records;
}
