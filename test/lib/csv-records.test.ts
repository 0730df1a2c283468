import { Readable } from 'node:stream';
import { CsvRecordSplitter, splitCsvRecords } from '../../lib/csv-records';
import { decodeRecords } from '../../db/execution-results';

async function split(chunks: string[]): Promise<string[]> {
  const out: string[] = [];
  const splitter = Readable.from(chunks.map((c) => Buffer.from(c))).pipe(new CsvRecordSplitter());
  for await (const batch of splitter) out.push(...(batch as string[]));
  return out;
}

describe('CSV records', () => {
  test('when quoted fields hold commas, quotes and newlines, then records stay whole across chunks', async () => {
    const csv = '\ufeffname,n\r\n"Holiday, ""Gifting""",1\r\n"multi\nline",2\nplain,3';
    const records = await split([csv.slice(0, 7), csv.slice(7, 25), csv.slice(25)]);
    expect(records).toEqual(['name,n', '"Holiday, ""Gifting""",1', '"multi\nline",2', 'plain,3']);
    const rows = decodeRecords(records.slice(1).join('\n'), [
      { name: 'name', type: 'STRING' },
      { name: 'n', type: 'LONG' },
    ]);
    expect(rows).toEqual([
      { name: 'Holiday, "Gifting"', n: 1 },
      { name: 'multi\nline', n: 2 },
      { name: 'plain', n: 3 },
    ]);
  });

  test('when a multi-byte character is cut between chunks, then it is decoded intact', async () => {
    const bytes = Buffer.from('h\nÅbø,1\n');
    const out: string[] = [];
    const s = Readable.from([bytes.subarray(0, 4), bytes.subarray(4)]).pipe(new CsvRecordSplitter());
    for await (const batch of s) out.push(...(batch as string[]));
    expect(out).toEqual(['h', 'Åbø,1']);
  });

  test('when the file ends inside a quoted field, then it is an error', async () => {
    await expect(split(['a\n"open,1\n'])).rejects.toThrow(/quoted field/);
  });

  test('when stored records are split again, then a quoted newline stays inside its record', () => {
    const records = ['a,"b\nc",1', '"x ""y""",2', 'plain,3'];
    expect(splitCsvRecords(records.join('\n'))).toEqual(records);
    expect(splitCsvRecords('')).toEqual([]);
  });
});
