import { describe, expect, it } from 'vitest';
import { MAX_RECORD_CHARS, readRecordFile, type FileRecord } from '../../functions/shared/record-file';

async function read(chunks: readonly (string | Uint8Array)[]): Promise<FileRecord[]> {
  const records: FileRecord[] = [];
  for await (const record of readRecordFile((async function* () { yield* chunks; })())) records.push(record);
  return records;
}

describe('readRecordFile', () => {
  it('reads CSV split anywhere: inside a CRLF, inside a UTF-8 character, inside a quoted field', async () => {
    const bytes = Buffer.from('\uFEFFname,address\r\n李娜,"文三路1号\r\n3单元"\r\n王伟,地址\r\n', 'utf8');
    const cuts = [bytes.indexOf('\r'.charCodeAt(0)) + 1, bytes.indexOf(Buffer.from('娜')) + 1, bytes.length - 5];
    const chunks = [bytes.subarray(0, cuts[0]), bytes.subarray(cuts[0], cuts[1]), bytes.subarray(cuts[1], cuts[2]), bytes.subarray(cuts[2])];
    expect(await read(chunks)).toEqual([
      { line: 1, fields: ['name', 'address'] },
      { line: 2, fields: ['李娜', '文三路1号\n3单元'] },
      { line: 4, fields: ['王伟', '地址'] },
    ]);
  });

  it('tells JSON Lines by the first character after a BOM and blank lines, and skips blank lines', async () => {
    expect(await read(['\uFEFF\n  \n{"a":1}\r\n\r\n{"b"', ':2}'])).toEqual([
      { line: 3, json: '{"a":1}' },
      { line: 5, json: '{"b":2}' },
    ]);
  });

  it('stops at a quote left open for more than a record may hold, reporting the line its record starts on', async () => {
    const later = Array.from({ length: 4000 }, (_, i) => `${i},not quoted ${i}`).join('\n');
    const records = await read([`a,b\n1,2\n\n3,"never closed\n${later}\n`]);
    expect(records.slice(0, 2)).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['1', '2'] },
    ]);
    expect(records).toHaveLength(3);
    expect(records[2]).toEqual({ line: 4, error: `record over ${MAX_RECORD_CHARS} characters (an unclosed quote?); the file is not read past this line` });
  });

  it('reports an unclosed quote at the end of the file', async () => {
    expect(await read(['a,b\n1,"open'])).toEqual([{ line: 1, fields: ['a', 'b'] }, { line: 2, error: 'unclosed quote; the file is not read past this line' }]);
  });
});
