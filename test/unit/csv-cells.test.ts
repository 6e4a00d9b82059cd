import { describe, expect, it } from 'vitest';
import { unreachableCsv, type UnreachableEntry } from '../../functions/outbound/adapters/s3-unreachable-reporter';
import { csvRow } from '../../functions/shared/csv';

const entry: UnreachableEntry = {
  noticeId: 'billing#-2+3#arrears_reminder#1000000001#sms',
  source: { kind: 'billing', id: '-2+3' },
  accountNumber: '1000000001',
  template: 'arrears_reminder',
  channel: 'sms',
  attempts: 3,
  lastError: '=HYPERLINK("http://evil.example","pay here")',
  at: '2026-03-10T02:35:00.000Z',
};

describe('CSV the centre writes', () => {
  it('neutralises cells a spreadsheet would run as a formula (=, +, -, @, tab, CR) and quotes what needs it', () => {
    expect(csvRow(['=1+2', '+86139', '-3', '@SUM(A1)', '\t=1', '\r=1', 'plain', 'a,b', 'say "hi"', 3, undefined])).toBe(
      `"'=1+2","'+86139","'-3","'@SUM(A1)","'\t=1","'\r=1",plain,"a,b","say ""hi""",3,`,
    );
  });

  it('writes the unreachable list billing opens in a spreadsheet with no live formula in it', () => {
    const csv = unreachableCsv([entry]);
    const [header, row] = csv.replace(/^\uFEFF/, '').trimEnd().split('\r\n');
    expect(header).toBe('noticeId,sourceKind,sourceId,accountNumber,template,channel,attempts,lastError,at');
    expect(row).toBe(`billing#-2+3#arrears_reminder#1000000001#sms,billing,"'-2+3",1000000001,arrears_reminder,sms,3,"'=HYPERLINK(""http://evil.example"",""pay here"")",2026-03-10T02:35:00.000Z`);
  });
});
