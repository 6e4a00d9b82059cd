import { describe, it, expect } from 'vitest';
import { parseTicketNumber, ticketNumber } from '../../functions/tickets/ticket-number';

const receivedAt = new Date('2026-03-06T09:00:00Z');

describe('ticketNumber', () => {
  it('is the local date and 8 digits, grouped for reading aloud', () => {
    expect(ticketNumber('sms#abc', receivedAt, 'Asia/Shanghai')).toMatch(/^260306-\d{4}-\d{4}$/);
  });

  it('gives a retried contact the same number and a collision a different one', () => {
    const first = ticketNumber('sms#abc', receivedAt, 'Asia/Shanghai');
    expect(ticketNumber('sms#abc', new Date('2026-03-06T10:00:00Z'), 'Asia/Shanghai')).toBe(first);
    expect(ticketNumber('sms#abc', receivedAt, 'Asia/Shanghai', 1)).not.toBe(first);
    expect(ticketNumber('sms#abd', receivedAt, 'Asia/Shanghai')).not.toBe(first);
  });

  it('dates the number in the centre time zone', () => {
    // 00:30 on Saturday in Shanghai, still Friday in UTC.
    expect(ticketNumber('voice#1', new Date('2026-03-06T16:30:00Z'), 'Asia/Shanghai')).toMatch(/^260307-/);
    expect(ticketNumber('voice#1', new Date('2026-03-06T16:30:00Z'), 'UTC')).toMatch(/^260306-/);
  });
});

describe('parseTicketNumber', () => {
  const canonical = ticketNumber('sms#abc', receivedAt, 'Asia/Shanghai');
  const digits = canonical.replaceAll('-', '');

  it('finds the number however the customer typed it', () => {
    expect(parseTicketNumber(`我的工单号是${canonical}，什么时候来修？`)).toBe(canonical);
    expect(parseTicketNumber(`ticket ${digits} please`)).toBe(canonical);
    expect(parseTicketNumber(`${digits.slice(0, 6)} ${digits.slice(6, 10)} ${digits.slice(10)}`)).toBe(canonical);
    const fullWidth = [...canonical].map((c) => (c === '-' ? ' ' : String.fromCharCode(c.charCodeAt(0) + 0xfee0))).join('');
    expect(parseTicketNumber(`单号${fullWidth}`)).toBe(canonical);
  });

  it('does not mistake phone numbers or longer digit runs for a ticket number', () => {
    expect(parseTicketNumber('call me on 13800138000')).toBeUndefined();
    expect(parseTicketNumber(`9${digits}`)).toBeUndefined();
    expect(parseTicketNumber('261306-1234-5678')).toBeUndefined(); // month 13
    expect(parseTicketNumber('no number here')).toBeUndefined();
  });
});
