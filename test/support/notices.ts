import type { Notice } from '../../functions/outbound/notice';

/**
 * The n-th pending outage SMS of outage `outageId`, due from `at`: the
 * dispatcher's everyday notice, with its own account and mobile number.
 *
 * @example
 * outageSmsNotice(1, 'OUT-LANES', '2026-11-23T02:00:00.000Z', { important: true });
 */
export function outageSmsNotice(n: number, outageId: string, at: string, fields: Partial<Notice> = {}): Notice {
  const account = `33020000${String(n).padStart(2, '0')}`;
  return {
    noticeId: `outage#${outageId}#outage_initial#${account}#sms`,
    channel: 'sms',
    template: 'outage_initial',
    language: 'zh-CN',
    to: `+86137${String(n).padStart(8, '0')}`,
    accountNumber: account,
    important: false,
    customerType: 'residential',
    params: { cause: '线路故障', etrText: '11月23日 20:00', outageKind: 'unplanned' },
    quietHours: 'outage',
    source: { kind: 'outage', id: outageId },
    status: 'pending',
    attempts: 0,
    createdAt: at,
    notBefore: at,
    ...fields,
  };
}
