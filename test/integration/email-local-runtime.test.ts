import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ticket } from '../../functions/tickets/ticket';
import type { OutboxEntry } from '../../local/outbox';
import { startLocalRuntime, type LocalRuntime } from '../../local/runtime';
import { loginAs } from '../support/login';

const fixture = (name: string) => readFileSync(resolve(import.meta.dirname, '../../events/email', name));

// The "done when", through the local runtime's POST /email (the SES receipt path with the mail store on disk).
describe('e-mail through the local runtime', () => {
  let dataDir: string;
  let runtime: LocalRuntime;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'hotline-email-'));
    runtime = await startLocalRuntime({ dataDir, fresh: true, port: 0, quiet: true, seedCustomers: 0 });
  });

  afterAll(async () => {
    await runtime?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function postEmail(raw: Buffer, query = '') {
    const response = await fetch(`${runtime.url}/email${query}`, { method: 'POST', body: raw });
    expect(response.status).toBe(200);
    return (await response.json()) as { sesMessageId: string; results: { outcome: string; ticketId?: string; acknowledged?: boolean }[] };
  }
  const emails = async () => ((await (await fetch(`${runtime.url}/outbox`)).json()) as { entries: OutboxEntry[] }).entries.filter((e) => e.channel === 'email');
  const tickets = async () => ((await (await fetch(`${runtime.url}/tickets`, { headers: await loginAs(runtime.url, 'agent') })).json()) as { tickets: Ticket[] }).tickets;

  it('makes one ticket and one acknowledgement of a new mail; a reply-all from CC joins it silently; spam makes nothing', async () => {
    const first = await postEmail(fixture('foxmail-gb2312-new.eml'));
    const ticketId = first.results[0]!.ticketId!;
    expect(first.results[0]).toMatchObject({ outcome: 'ticket_opened', acknowledged: true });
    expect(await emails()).toEqual([expect.objectContaining({ to: 'li.lei@example.cn', subject: `Re: 家里停电了 [工单 ${ticketId}]` })]);

    const reply = await postEmail(fixture('outlook-gbk-reply-all-from-cc.eml'));
    expect(reply.results[0]).toMatchObject({ outcome: 'ticket_appended', ticketId, acknowledged: false });

    // The same file again is a redelivery of the same SES message.
    const again = await postEmail(fixture('foxmail-gb2312-new.eml'));
    expect(again.results[0]).toMatchObject({ ticketId, duplicate: true });

    const spam = await postEmail(fixture('new-subject-same-sender.eml'), '?spam=FAIL');
    expect(spam.results[0]!.outcome).toBe('quarantined');

    expect(await emails()).toHaveLength(1);
    expect((await tickets()).filter((t) => t.channel === 'email').map((t) => t.ticketId)).toEqual([ticketId]);
    const { timeline } = (await (await fetch(`${runtime.url}/tickets/${ticketId}`, { headers: await loginAs(runtime.url, 'agent') })).json()) as { timeline: unknown[] };
    expect(timeline).toHaveLength(2);
  });
});
