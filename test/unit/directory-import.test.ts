import { describe, it, expect } from 'vitest';
import { parseCustomerDirectory, type DirectoryRow } from '../../functions/customers/directory-import';
import { DirectoryFormatError } from '../../functions/customers/errors';
import { verifyPin } from '../../functions/customers/pin';

/** The text in small pieces, as a stream delivers it (records and multi-byte characters split across chunks). */
async function* chunksOf(text: string): AsyncGenerator<Uint8Array> {
  const bytes = Buffer.from(text, 'utf8');
  for (let i = 0; i < bytes.length; i += 7) yield bytes.subarray(i, i + 7);
}

async function collect(text: string): Promise<DirectoryRow[]> {
  const rows: DirectoryRow[] = [];
  for await (const row of parseCustomerDirectory(chunksOf(text))) rows.push(row);
  return rows;
}

const HEADER = 'accountNumber,name,phones,email,address,area,feeder,transformer,important,customerType,language,pin';

describe('parseCustomerDirectory (CSV)', () => {
  it('reads quoted fields with commas and doubled quotes, and normalises phones', async () => {
    const rows = await collect(
      [
        HEADER,
        '3300000001,"Smith, John",138 0013 8000;+86 139-0013-9000,John@Example.com,"Room 5, ""Lakeview"" Bldg",HZ-XIHU,HZ-XIHU-F01,HZ-XIHU-F01-T03,false,residential,en,',
      ].join('\n'),
    );
    expect(rows).toEqual([
      {
        line: 2,
        customer: {
          accountNumber: '3300000001',
          name: 'Smith, John',
          phones: ['+8613800138000', '+8613900139000'],
          email: 'John@Example.com',
          address: 'Room 5, "Lakeview" Bldg',
          area: 'HZ-XIHU',
          feeder: 'HZ-XIHU-F01',
          transformer: 'HZ-XIHU-F01-T03',
          important: false,
          customerType: 'residential',
          language: 'en',
        },
      },
    ]);
  });

  it('keeps only a hash of the PIN, one that verifies it', async () => {
    const [row] = await collect(`${HEADER}\n3300000002,杭州市第一人民医院,0571-87654321,,浙江省杭州市西湖区文三路1号,HZ-XIHU,HZ-XIHU-F02,HZ-XIHU-F02-T01,是,business,zh-CN,0042`);
    if (!row || !('customer' in row)) throw new Error(`expected a customer, got ${JSON.stringify(row)}`);
    expect(row.customer.important).toBe(true);
    expect(JSON.stringify(row.customer)).not.toContain('0042');
    expect(verifyPin('0042', row.customer.pinHash ?? '')).toBe(true);
  });

  it('reports bad rows by line, naming the field but not the value, and carries on', async () => {
    const rows = await collect(
      [
        HEADER,
        '',
        '3300000003,王伟,12345678901,,地址,HZ-XIHU,F1,T1,0,residential,zh-CN,',
        '33000004,王伟,13800138000,,地址,HZ-XIHU,F1,T1,0,residential,zh-CN,',
        '3300000005,王伟,13800138000,,地址,HZ-XIHU,F1,T1,maybe,farm,zh-CN,12',
        '3300000006,王伟,13800138000',
        '3300000007,王伟,13800138000,,地址,HZ-XIHU,F1,T1,1,residential,,',
      ].join('\n'),
    );
    expect(rows.map((row) => row.line)).toEqual([3, 4, 5, 6, 7]);
    expect(rows[0]).toEqual({ line: 3, error: 'phones[0]: not a valid phone number' });
    expect(rows[1]).toMatchObject({ error: expect.stringContaining('accountNumber') });
    expect(rows[2]).toMatchObject({ error: expect.stringMatching(/important.*customerType.*pin/s) });
    expect(rows[3]).toEqual({ line: 6, error: 'expected 12 fields, found 3' });
    expect(rows[4]).toMatchObject({ customer: { accountNumber: '3300000007', important: true, language: 'zh-CN', phones: ['+8613800138000'] } });
    expect(JSON.stringify(rows)).not.toContain('12345678901');
  });

  it('joins a quoted field that spans lines and reports the line the record starts on', async () => {
    const rows = await collect(`${HEADER}\r\n3300000008,李娜,13800138000,,"文三路1号\r\n3单元",HZ-XIHU,F1,T1,0,residential,zh-CN,\r\n`);
    expect(rows).toMatchObject([{ line: 2, customer: { address: '文三路1号\n3单元' } }]);
  });

  it('numbers the records after a multi-line one by the lines they start on', async () => {
    const rows = await collect(
      [
        HEADER,
        '3300000012,李娜,13800138000,,"文三路1号',
        '3单元",HZ-XIHU,F1,T1,0,residential,zh-CN,',
        '3300000013,王伟,12345678901,,地址,HZ-XIHU,F1,T1,0,residential,zh-CN,',
      ].join('\n'),
    );
    expect(rows).toMatchObject([{ line: 2, customer: { address: '文三路1号\n3单元' } }, { line: 4, error: 'phones[0]: not a valid phone number' }]);
  });

  it('takes a quote inside an unquoted field as a character, not the start of a quoted field', async () => {
    const rows = await collect(
      [
        HEADER,
        '3300000014,王伟,13800138000,,文三路1号 "湖景" 小区,HZ-XIHU,F1,T1,0,residential,zh-CN,',
        '3300000015,李娜,13800138000,,地址,HZ-XIHU,F1,T1,0,residential,zh-CN,',
      ].join('\n'),
    );
    expect(rows).toMatchObject([
      { line: 2, customer: { accountNumber: '3300000014', address: '文三路1号 "湖景" 小区' } },
      { line: 3, customer: { accountNumber: '3300000015' } },
    ]);
  });

  it('reports an unclosed quote at the line its record starts on', async () => {
    const rows = await collect([HEADER, '3300000016,王伟,13800138000,,地址,HZ-XIHU,F1,T1,0,residential,zh-CN,', '', '3300000017,"王伟,13800138000'].join('\n'));
    expect(rows).toMatchObject([{ line: 2, customer: { accountNumber: '3300000016' } }, { line: 4, error: expect.stringContaining('unclosed quote') }]);
  });

  it('refuses a file whose header lacks required columns', async () => {
    await expect(collect('accountNumber,name\n3300000009,王伟')).rejects.toThrow(DirectoryFormatError);
  });

  it('streams: the first customers arrive before the input ends', async () => {
    async function* endless(): AsyncGenerator<string> {
      yield `${HEADER}\n`;
      for (let i = 0; ; i += 1) yield `${3300000000 + i},王伟,13800138000,,地址,HZ-XIHU,F1,T1,0,residential,zh-CN,\n`;
    }
    const seen: string[] = [];
    for await (const row of parseCustomerDirectory(endless())) {
      if ('customer' in row) seen.push(row.customer.accountNumber);
      if (seen.length === 3) break;
    }
    expect(seen).toEqual(['3300000000', '3300000001', '3300000002']);
  });
});

describe('parseCustomerDirectory (JSON Lines)', () => {
  it('reads one customer per line, with phones as a list and important as a boolean', async () => {
    const rows = await collect(
      [
        '\uFEFF{"accountNumber":"3300000010","name":"Emma Wilson","phones":["13800138000"],"address":"No. 8 Binsheng Road","area":"HZ-BINJIANG","feeder":"HZ-BINJIANG-F01","transformer":"T1","important":true,"customerType":"business","language":"en"}',
        '{"accountNumber": "3300000011", "phones": "13800138000"',
        '["not", "an", "object"]',
      ].join('\n'),
    );
    expect(rows[0]).toMatchObject({ line: 1, customer: { phones: ['+8613800138000'], important: true, language: 'en' } });
    expect(rows[1]).toEqual({ line: 2, error: 'not valid JSON' });
    expect(rows[2]).toEqual({ line: 3, error: 'not a JSON object' });
  });
});
