import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { GetObjectCommand, NoSuchKey, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { Context } from 'aws-lambda';
import { CustomerRepository } from '../../functions/customers/adapters/customer-repository';
import { syntheticCustomers } from '../../functions/customers/synthetic';
import * as keys from '../../functions/shared/keys';
import { TicketQueries } from '../../functions/tickets/adapters/ticket-queries';
import { freshTable, stubFunctionEnvironment } from '../support/dynamo';
import { loadEvent } from '../support/events';

// S3, SES and SQS are mocked at the SDK boundary; DynamoDB is the real DynamoDB Local.
const s3Mock = mockClient(S3Client);
const sesMock = mockClient(SESv2Client);
const sqsMock = mockClient(SQSClient);
const QUEUE_URL = 'https://sqs.local/123/rejected-contacts';
const BUCKET = 'hotline-mail-test';
const SERVICE = 'service@95598.example.com';
const context = { functionName: 'email-inbound', awsRequestId: 'req-1', getRemainingTimeInMillis: () => 10_000 } as unknown as Context;

interface EmailResult {
  outcome: string;
  ticketId?: string;
  thread?: string;
  duplicate?: boolean;
  acknowledged?: boolean;
  rejectedBecause?: string;
}
let handler: (event: unknown, context: Context) => Promise<{ results: EmailResult[] }>;
let setup: Awaited<ReturnType<typeof freshTable>>;
let queries: TicketQueries;
/** What the SES S3 action stored, by object key. */
const bucket = new Map<string, Buffer>();
let seq = 0;

/**
 * A raw MIME fixture from events/email/ with `example.cn` (every address and
 * Message-ID of the Li Lei thread) moved to `<tag>.example.cn`, so each case
 * has its own senders and ids while the MIME stays as the client wrote it.
 */
function eml(name: string, tag: string, edit: (text: string) => string = (t) => t): Buffer {
  const text = readFileSync(resolve(import.meta.dirname, '../../events/email', name), 'latin1');
  return Buffer.from(edit(text.replaceAll('example.cn', `${tag}.example.cn`)), 'latin1');
}

interface SesReceiptEvent {
  Records: { ses: { mail: { messageId: string; source: string; timestamp: string }; receipt: Record<string, { status: string } | string | string[]> } }[];
}

/** Stores the raw mail where the S3 action would, then delivers the receipt event for it. */
async function deliver(raw: Buffer, fields: { sesId?: string; source?: string; at?: string; verdicts?: Record<string, string> } = {}) {
  const sesId = fields.sesId ?? `ses-${++seq}-${Date.now().toString(36)}`;
  bucket.set(`inbound/${sesId}`, raw);
  const event = loadEvent<SesReceiptEvent>('ses/receipt-lambda-action.json');
  const { mail, receipt } = event.Records[0]!.ses;
  mail.messageId = sesId;
  if (fields.source !== undefined) mail.source = fields.source;
  if (fields.at) mail.timestamp = receipt.timestamp = fields.at;
  for (const [verdict, status] of Object.entries(fields.verdicts ?? {})) receipt[`${verdict}Verdict`] = { status };
  const { results } = await handler(event, context);
  return { sesId, result: results[0]! };
}

function acknowledgements() {
  return sesMock.commandCalls(SendEmailCommand).map((call) => call.args[0].input);
}

beforeAll(async () => {
  setup = await freshTable('email-handler');
  queries = new TicketQueries(setup.doc, setup.tableName);
  stubFunctionEnvironment(setup, { REJECTED_CONTACTS_QUEUE_URL: QUEUE_URL, MAIL_BUCKET: BUCKET, MAIL_PREFIX: 'inbound/', EMAIL_FROM_ADDRESS: SERVICE, LOCAL_MAIL_DIR: '' });
  ({ handler } = await import('../../functions/email/handlers/inbound-email'));
});

beforeEach(() => {
  s3Mock.reset();
  sesMock.reset();
  sqsMock.reset();
  s3Mock.on(GetObjectCommand).callsFake(async (input: { Key: string }) => {
    const raw = bucket.get(input.Key);
    if (!raw) throw new NoSuchKey({ message: 'The specified key does not exist.', $metadata: {} });
    return { Body: { transformToByteArray: async () => new Uint8Array(raw) } };
  });
  s3Mock.on(PutObjectCommand).resolves({});
  sesMock.on(SendEmailCommand).resolves({ MessageId: 'ses-out-1' });
  sqsMock.on(SendMessageCommand).resolves({ MessageId: 'sqs-1' });
});

describe('email-inbound: a new mail', () => {
  it('becomes a ticket and is acknowledged once, with the ticket number in the subject, threaded under the customer mail', async () => {
    const { result } = await deliver(eml('foxmail-gb2312-new.eml', 'new1'));
    expect(result).toMatchObject({ outcome: 'ticket_opened', thread: 'new', acknowledged: true });
    const ticketId = result.ticketId!;
    expect(acknowledgements()).toHaveLength(1);
    const ack = acknowledgements()[0]!;
    expect(ack.Destination?.ToAddresses).toEqual(['li.lei@new1.example.cn']);
    expect(ack.FromEmailAddress).toBe(SERVICE);
    expect(ack.Content?.Simple?.Subject?.Data).toContain(ticketId);
    expect(ack.Content?.Simple?.Subject?.Data).toContain('家里停电了');
    expect(ack.Content?.Simple?.Body?.Text?.Data).toContain(ticketId);
    expect(ack.Content?.Simple?.Headers).toEqual(
      expect.arrayContaining([
        { Name: 'Auto-Submitted', Value: 'auto-replied' },
        { Name: 'In-Reply-To', Value: '<202611230915001234567@new1.example.cn>' },
      ]),
    );
  });

  it('decodes GB2312 into the ticket and records the SPF/DKIM/DMARC verdicts on the contact', async () => {
    const { sesId, result } = await deliver(eml('foxmail-gb2312-new.eml', 'gb1'), { verdicts: { spf: 'PASS', dkim: 'FAIL', dmarc: 'GRAY' } });
    const found = await queries.get(result.ticketId!);
    expect(found?.ticket.summary).toContain('西湖区文三路100号3单元502室');
    expect(found?.ticket.type).toBe('fault_report');
    const { Item } = await setup.doc.send(new GetCommand({ TableName: setup.tableName, Key: keys.contact(`email#${sesId}`) }));
    expect(Item?.authentication).toEqual({ spf: 'PASS', dkim: 'FAIL', dmarc: 'GRAY' });
    expect(Item?.rawRef).toBe(`s3://${BUCKET}/inbound/${sesId}`);
  });

  it('decodes Big5 (Apple Mail, quoted-printable) and HTML-only mail (Gmail) into readable text', async () => {
    const big5 = await deliver(eml('apple-mail-big5.eml', 'big5'));
    expect((await queries.get(big5.result.ticketId!))?.ticket.summary).toBe('停電報修\n\n您好，我家今天下午停電，地址是西湖區文三路200號，請派人檢修。');
    const html = await deliver(eml('gmail-html-only.eml', 'html', (t) => t.replaceAll('example.com>', 'html.example.com>')));
    const summary = (await queries.get(html.result.ticketId!))?.ticket.summary ?? '';
    expect(summary).toContain('My electricity bill for October is much higher than usual.');
    expect(summary).not.toMatch(/<b>|<div|<script|alert/);
    // Latin text is answered in English.
    expect(acknowledgements().at(-1)?.Content?.Simple?.Body?.Text?.Data).toMatch(/^Hello,/);
  });

  it('keeps an attachment in the mail bucket and lists it on the contact', async () => {
    const { sesId } = await deliver(eml('with-photo-attachment.eml', 'photo'));
    expect(s3Mock).toReceiveCommandWith(PutObjectCommand, { Bucket: BUCKET, Key: `attachments/${sesId}/1-电表.jpg`, ContentType: 'image/jpeg' });
    const { Item } = await setup.doc.send(new GetCommand({ TableName: setup.tableName, Key: keys.contact(`email#${sesId}`) }));
    expect(Item?.attachments).toEqual([`s3://${BUCKET}/attachments/${sesId}/1-电表.jpg`]);
  });

  it('changes nothing on a duplicate delivery of the same SES message: same ticket, no second acknowledgement', async () => {
    const raw = eml('foxmail-gb2312-new.eml', 'dup');
    const first = await deliver(raw, { sesId: 'dup-ses-1' });
    const again = await deliver(raw, { sesId: 'dup-ses-1' });
    expect(again.result).toMatchObject({ outcome: 'ticket_opened', ticketId: first.result.ticketId, duplicate: true, acknowledged: false });
    expect(acknowledgements()).toHaveLength(1);
    expect((await queries.get(first.result.ticketId!))?.timeline).toHaveLength(1);
  });
});

describe('email-inbound: threading', () => {
  it('puts a reply-all from a CC recipient (Outlook, GBK) on the same ticket without a second acknowledgement', async () => {
    const first = await deliver(eml('foxmail-gb2312-new.eml', 'cc'));
    const reply = await deliver(eml('outlook-gbk-reply-all-from-cc.eml', 'cc'));
    expect(reply.result).toMatchObject({ outcome: 'ticket_appended', ticketId: first.result.ticketId, thread: 'message_id', acknowledged: false });
    expect(acknowledgements()).toHaveLength(1);
    const timeline = (await queries.get(first.result.ticketId!))?.timeline ?? [];
    expect(timeline.map((e) => e.text)).toEqual([expect.stringContaining('请尽快派人抢修'), expect.stringContaining('整栋楼都停电了')]);
  });

  it('follows References when a client rewrote In-Reply-To', async () => {
    const first = await deliver(eml('foxmail-gb2312-new.eml', 'rewrite'));
    const reply = await deliver(eml('thunderbird-reply-rewritten-in-reply-to.eml', 'rewrite'));
    expect(reply.result).toMatchObject({ outcome: 'ticket_appended', ticketId: first.result.ticketId, thread: 'message_id' });
    // Quoted lines of the earlier mail are not repeated on the timeline.
    const last = (await queries.get(first.result.ticketId!))?.timeline.at(-1);
    expect(last?.text).toContain('抢修什么时候能到');
    expect(last?.text).not.toContain('> 您好');
  });

  it('threads a reply by the ticket number in the subject from a participant, even with no headers', async () => {
    const first = await deliver(eml('foxmail-gb2312-new.eml', 'token'));
    const reply = await deliver(
      eml('new-subject-same-sender.eml', 'token', (t) => t.replace(/^Subject: .*$/m, `Subject: Re: [Ticket ${first.result.ticketId}] still no power`)),
    );
    expect(reply.result).toMatchObject({ outcome: 'ticket_appended', ticketId: first.result.ticketId, thread: 'ticket_number' });
  });

  it('does not let a stranger join a ticket by quoting its number', async () => {
    const first = await deliver(eml('foxmail-gb2312-new.eml', 'stranger'));
    const other = await deliver(
      eml('unrelated-sender-same-subject.eml', 'stranger', (t) => t.replace(/^Subject: .*$/m, `Subject: about ${first.result.ticketId}`)),
    );
    expect(other.result.outcome).toBe('ticket_opened');
    expect(other.result.ticketId).not.toBe(first.result.ticketId);
  });

  it('puts a forwarded copy of the customer own mail (no headers, same subject) on the same ticket', async () => {
    const first = await deliver(eml('foxmail-gb2312-new.eml', 'fwd'));
    const forwarded = await deliver(eml('forwarded-own-mail.eml', 'fwd'));
    expect(forwarded.result).toMatchObject({ outcome: 'ticket_appended', ticketId: first.result.ticketId, thread: 'same_subject', acknowledged: false });
  });

  it('opens a new ticket for a new subject from the same sender, and for another sender with the same subject', async () => {
    const first = await deliver(eml('foxmail-gb2312-new.eml', 'apart'));
    const newSubject = await deliver(eml('new-subject-same-sender.eml', 'apart'));
    expect(newSubject.result).toMatchObject({ outcome: 'ticket_opened', thread: 'new', acknowledged: true });
    expect(newSubject.result.ticketId).not.toBe(first.result.ticketId);
    const unrelated = await deliver(eml('unrelated-sender-same-subject.eml', 'apart', (t) => t.replaceAll('example.org', 'apart.example.org')));
    expect(unrelated.result.outcome).toBe('ticket_opened');
    expect(unrelated.result.ticketId).not.toBe(first.result.ticketId);
  });
});

describe('email-inbound: loop protection and verdicts', () => {
  it('never answers an out-of-office reply, and makes no ticket of one that continues nothing', async () => {
    const { sesId, result } = await deliver(eml('auto-reply-out-of-office.eml', 'ooo'));
    expect(result.outcome).toBe('held_automated');
    expect(acknowledgements()).toHaveLength(0);
    const { Item } = await setup.doc.send(new GetCommand({ TableName: setup.tableName, Key: keys.emailHeld(sesId) }));
    expect(Item).toMatchObject({ reason: 'automated' });
  });

  it('puts an auto-reply to the acknowledgement on the ticket, silently (no loop)', async () => {
    const first = await deliver(eml('foxmail-gb2312-new.eml', 'loop'));
    const ackSubject = acknowledgements()[0]!.Content!.Simple!.Subject!.Data!;
    const auto = await deliver(eml('auto-reply-out-of-office.eml', 'loop', (t) => t.replace(/^Subject: .*$/m, `Subject: Auto: ${ackSubject.replace(/[^\x20-\x7e]/g, '')}`)));
    expect(auto.result).toMatchObject({ outcome: 'ticket_appended', ticketId: first.result.ticketId, acknowledged: false });
    expect(acknowledgements()).toHaveLength(1);
  });

  it('never answers a bounce (null sender) or a mailing list', async () => {
    const bounce = await deliver(eml('bounce-null-sender.eml', 'bounce'), { source: '' });
    const list = await deliver(eml('mailing-list.eml', 'list'), { source: 'bounces+news@lists.example.net' });
    expect([bounce.result.outcome, list.result.outcome]).toEqual(['held_automated', 'held_automated']);
    expect(acknowledgements()).toHaveLength(0);
  });

  it.each([
    ['spam', { spam: 'FAIL' }],
    ['virus', { virus: 'FAIL' }],
  ])('quarantines mail whose %s verdict is FAIL: no ticket, no answer, not even read', async (reason, verdicts) => {
    const { sesId, result } = await deliver(eml('foxmail-gb2312-new.eml', `q${reason}`), { verdicts });
    expect(result.outcome).toBe('quarantined');
    expect(s3Mock).not.toReceiveCommand(GetObjectCommand);
    expect(acknowledgements()).toHaveLength(0);
    const { Item } = await setup.doc.send(new GetCommand({ TableName: setup.tableName, Key: keys.emailHeld(sesId) }));
    expect(Item).toMatchObject({ reason, rawRef: `s3://${BUCKET}/inbound/${sesId}` });
    const contact = await setup.doc.send(new GetCommand({ TableName: setup.tableName, Key: keys.contact(`email#${sesId}`) }));
    expect(contact.Item).toBeUndefined();
  });
});

describe('email-inbound: bad input', () => {
  it('keeps an event that is not an SES receipt in the rejected-contacts queue', async () => {
    const { results } = await handler({ Records: [{ eventSource: 'aws:sns' }] }, context);
    expect(results[0]).toMatchObject({ outcome: 'rejected', rejectedBecause: 'not an SES receipt event' });
    expect(sqsMock).toReceiveCommandTimes(SendMessageCommand, 1);
  });

  it('keeps the event when the raw mail is missing from the bucket', async () => {
    const event = loadEvent<SesReceiptEvent>('ses/receipt-lambda-action.json');
    event.Records[0]!.ses.mail.messageId = 'never-stored';
    const { results } = await handler(event, context);
    expect(results[0]).toMatchObject({ outcome: 'rejected', rejectedBecause: 'raw_mail_missing' });
    const body = JSON.parse(sqsMock.commandCalls(SendMessageCommand)[0]!.args[0].input.MessageBody!);
    expect(body.raw.ses.mail.messageId).toBe('never-stored');
  });

  it('keeps an acknowledgement SES refused for replay, without failing the delivery', async () => {
    sesMock.on(SendEmailCommand).rejects(new Error('MessageRejected'));
    const { result } = await deliver(eml('foxmail-gb2312-new.eml', 'sesdown'));
    expect(result).toMatchObject({ outcome: 'ticket_opened', acknowledged: false });
    const body = JSON.parse(sqsMock.commandCalls(SendMessageCommand)[0]!.args[0].input.MessageBody!);
    expect(body).toMatchObject({ reason: 'reply_not_sent', raw: { to: 'li.lei@sesdown.example.cn' } });
  });
});

describe('email-inbound: who the mail is from (issue 12)', () => {
  const FAILED = { spf: 'FAIL', dkim: 'FAIL', dmarc: 'FAIL' };

  it('does not link unauthenticated mail to the account of its From, joins no thread of that sender, and answers nobody', async () => {
    const victim = { ...syntheticCustomers(1)[0]!, accountNumber: '3301990000', email: 'zhang.wei@spoof.example.cn' };
    await new CustomerRepository(setup.doc, setup.tableName).saveCustomers([victim]);
    const genuine = await deliver(eml('spoofed-from-unauthenticated.eml', 'spoof'));
    expect((await queries.get(genuine.result.ticketId!))?.ticket.accountNumber).toBe(victim.accountNumber);
    sesMock.resetHistory();

    const forged = await deliver(eml('spoofed-from-unauthenticated.eml', 'spoof', (t) => t.replace('spoof-2026', 'spoof-again-2026')), { verdicts: FAILED });
    expect(forged.result).toMatchObject({ outcome: 'ticket_opened', thread: 'new', acknowledged: false });
    expect(forged.result.ticketId).not.toBe(genuine.result.ticketId);
    expect((await queries.get(forged.result.ticketId!))?.ticket.accountNumber).toBeUndefined();
    // Quoting the customer's ticket number does not join it either.
    const quoting = await deliver(
      eml('spoofed-from-unauthenticated.eml', 'spoof', (t) => t.replace('spoof-2026', 'spoof-third-2026').replace(/^Subject: .*$/m, `Subject: Re: [Ticket ${genuine.result.ticketId}]`)),
      { verdicts: FAILED },
    );
    expect(quoting.result).toMatchObject({ outcome: 'ticket_opened', thread: 'new' });
    expect(acknowledgements()).toHaveLength(0);
  });

  it('acknowledges to Reply-To when there is one', async () => {
    const { result } = await deliver(eml('reply-to-other-address.eml', 'replyto'));
    expect(result).toMatchObject({ outcome: 'ticket_opened', acknowledged: true });
    expect(acknowledgements()[0]?.Destination?.ToAddresses).toEqual(['lilei.home@example.net']);
  });

  it('never acknowledges to the service own address, as Reply-To or as From', async () => {
    const replyTo = await deliver(eml('reply-to-service-address.eml', 'own'));
    expect(replyTo.result).toMatchObject({ outcome: 'ticket_opened', acknowledged: false });
    const from = await deliver(eml('new-subject-same-sender.eml', 'ownfrom', (t) => t.replace(/^From: .*$/m, `From: <${SERVICE}>`)));
    expect(from.result).toMatchObject({ outcome: 'ticket_opened', acknowledged: false });
    expect(acknowledgements()).toHaveLength(0);
  });

  it('never acknowledges to an address that is not one', async () => {
    const { result } = await deliver(eml('garbage-from-address.eml', 'garbage'));
    expect(result).toMatchObject({ outcome: 'ticket_opened', acknowledged: false });
    expect(acknowledgements()).toHaveLength(0);
  });

  it('writes no CR or LF into any header of the acknowledgement, whatever the subject decodes to', async () => {
    const { result } = await deliver(eml('crlf-in-subject.eml', 'crlf'));
    expect(result).toMatchObject({ outcome: 'ticket_opened', acknowledged: true });
    const ack = acknowledgements()[0]!;
    const values = [ack.Content!.Simple!.Subject!.Data!, ...(ack.Content!.Simple!.Headers ?? []).map((h) => h.Value!), ...(ack.Destination!.ToAddresses ?? [])];
    for (const value of values) expect(value).not.toMatch(/[\r\n]/);
    expect(ack.Destination?.BccAddresses).toBeUndefined();
  });

  it('keeps the Message-ID case in In-Reply-To and References, and still threads a reply that changes the case', async () => {
    const first = await deliver(eml('outlook-mixed-case-message-id.eml', 'case'));
    const headers = acknowledgements()[0]!.Content!.Simple!.Headers!;
    expect(headers).toEqual(
      expect.arrayContaining([
        { Name: 'In-Reply-To', Value: '<TY0PR06MB7788AABBCCDDEEFF0011@TY0PR06MB7788.apcprd06.prod.outlook.com>' },
        { Name: 'References', Value: '<CAOldThread-XyZ@Mail.Example.cn> <TY0PR06MB7788AABBCCDDEEFF0011@TY0PR06MB7788.apcprd06.prod.outlook.com>' },
      ]),
    );
    const reply = await deliver(
      eml('unrelated-sender-same-subject.eml', 'case', (t) =>
        t.replace(/^Message-ID: .*$/m, 'Message-ID: <reply-case-1@example.org>\r\nIn-Reply-To: <ty0pr06mb7788aabbccddeeff0011@ty0pr06mb7788.apcprd06.prod.outlook.com>'),
      ),
    );
    expect(reply.result).toMatchObject({ outcome: 'ticket_appended', ticketId: first.result.ticketId, thread: 'message_id' });
  });
});

describe('email-inbound: hostile MIME (issue 12)', () => {
  /** A fixture with one header of `bytes` bytes added. */
  const hugeHeader = (bytes: number) => eml('foxmail-gb2312-new.eml', 'huge', (t) => t.replace('X-Mailer:', `X-Padding: ${'a'.repeat(bytes)}\r\nX-Mailer:`));
  /** A message whose parts nest `depth` deep (each part one multipart/mixed around the next). */
  function deeplyNested(depth: number): Buffer {
    const lines = ['From: <li.lei@nest.example.cn>', 'To: service@95598.example.com', 'Subject: nested', 'Message-ID: <nest-1@nest.example.cn>', 'MIME-Version: 1.0'];
    for (let i = 0; i < depth; i++) lines.push(`Content-Type: multipart/mixed; boundary="b${i}"`, '', `--b${i}`);
    lines.push('Content-Type: text/plain', '', 'deep');
    for (let i = depth - 1; i >= 0; i--) lines.push(`--b${i}--`);
    return Buffer.from(lines.join('\r\n'));
  }

  it.each([
    ['a 1 MB header', () => hugeHeader(1024 * 1024 + 10)],
    ['1,000-deep nesting', () => deeplyNested(1000)],
  ])('keeps mail with %s in the rejected-contacts queue with a reason, and does not throw', async (_case, raw) => {
    const { sesId, result } = await deliver(raw());
    expect(result).toMatchObject({ outcome: 'rejected', rejectedBecause: 'unreadable_mime' });
    const kept = JSON.parse(sqsMock.commandCalls(SendMessageCommand)[0]!.args[0].input.MessageBody!);
    expect(kept.reason).toMatch(/^unreadable_mime: /);
    expect(kept.raw.ses.mail.messageId).toBe(sesId);
    expect(acknowledgements()).toHaveLength(0);
  });
});

describe('email-inbound: whistleblowing in a reply (issue 12)', () => {
  it('puts misconduct reported in a reply to an ordinary ticket into a confidential ticket of its own', async () => {
    const first = await deliver(eml('foxmail-gb2312-new.eml', 'wb'));
    const reply = await deliver(eml('reply-reporting-misconduct.eml', 'wb'));
    expect(reply.result.outcome).toBe('ticket_opened');
    expect(reply.result.ticketId).not.toBe(first.result.ticketId);
    const report = await queries.get(reply.result.ticketId!);
    expect(report?.ticket).toMatchObject({ type: 'whistleblowing_report', confidential: true });
    const ordinary = await queries.get(first.result.ticketId!);
    expect(JSON.stringify(ordinary)).not.toContain('贿赂');
  });
});
