import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { Ticket } from '../../functions/tickets/ticket';
import type { OutboxEntry } from '../../local/outbox';
import { startLocalRuntime, type LocalRuntime } from '../../local/runtime';
import { launchTestBrowser, type TestBrowser } from '../support/browser';

describe('the chat page in headless Chromium, on the local runtime', () => {
  let dataDir: string;
  let runtime: LocalRuntime;
  let browser: TestBrowser;
  let page: Page;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'hotline-chat-e2e-'));
    runtime = await startLocalRuntime({ dataDir, fresh: true, port: 0, quiet: true, seedCustomers: 20 });
    browser = await launchTestBrowser({ locale: 'zh-CN' });
    page = await browser.context.newPage();
    await page.goto(`${runtime.url}/chat/`);
  });

  afterAll(async () => {
    await browser?.close();
    await runtime?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('greets the customer in Chinese', async () => {
    await expect.poll(() => page.getByTestId('log').textContent()).toContain('95598在线客服');
  });

  it('takes a fault report, shows the ticket number, and shows injected markup as text', async () => {
    const injected = '<img src=x onerror="document.title=\'pwned\'">家里停电了';
    await page.getByTestId('fault-text').fill(injected);
    await page.getByTestId('fault-address').fill('滨江区江南大道1号');
    await page.getByTestId('fault-submit').click();

    const log = page.getByTestId('log');
    await expect.poll(() => log.textContent(), { timeout: 15_000 }).toMatch(/工单号是 \d{6}-\d{4}-\d{4}/);
    const ticketId = /工单号是 (\d{6}-\d{4}-\d{4})/.exec((await log.textContent()) ?? '')?.[1];

    // The customer's own text is on the page as characters, not as an element.
    expect(await log.textContent()).toContain('<img src=x onerror=');
    expect(await page.locator('#log img').count()).toBe(0);
    expect(await page.title()).not.toBe('pwned');

    // And the ticket is real: the runtime's read API has it, from the chat channel.
    const { tickets } = (await (await fetch(`${runtime.url}/tickets`)).json()) as { tickets: Ticket[] };
    expect(tickets.find((t) => t.ticketId === ticketId)).toMatchObject({ channel: 'chat', type: 'fault_report' });
  });

  it('switches to English', async () => {
    await page.getByRole('button', { name: 'English' }).click();
    await expect.poll(() => page.getByTestId('agent').textContent()).toBe('Talk to an agent');
  });

  it('joins the agent chat: the agent\'s markup shows as text, the reply reaches the outbox, the end stops polling', { timeout: 60_000 }, async () => {
    const transcriptPolls: number[] = [];
    page.on('request', (request) => {
      if (request.url().endsWith('/chat/participant/transcript')) transcriptPolls.push(Date.now());
    });
    const handedOver = page.waitForResponse((response) => response.url().endsWith('/chat/api/agent'));
    await page.getByTestId('agent').click();
    const { agent } = (await (await handedOver).json()) as { agent: { contactId: string; participantEndpoint: string } };
    expect(agent.participantEndpoint).toBe('/chat');
    await expect.poll(() => page.getByTestId('agent-form').isVisible(), { timeout: 15_000 }).toBe(true);

    // As the agent (the local-only route): markup must reach the customer as characters.
    const markup = '<img src=x onerror=alert(1)> 您好，我是客服小王';
    const sent = await fetch(`${runtime.url}/chat/agent/${agent.contactId}/messages`, { method: 'POST', body: JSON.stringify({ text: markup }) });
    expect(sent.status).toBe(200);
    const log = page.getByTestId('log');
    await expect.poll(() => page.locator('#log li.agent').allTextContents(), { timeout: 10_000 }).toEqual([markup]);
    expect(await log.textContent()).toContain('Agent 95598 has joined');
    expect(await page.locator('#log img').count()).toBe(0);

    // The customer answers; the local Participant Service records it in the outbox.
    const reply = `Still no power at ${Date.now()}`;
    await page.getByTestId('agent-text').fill(reply);
    await page.getByTestId('agent-send').click();
    const outbox = async () => ((await (await fetch(`${runtime.url}/outbox`)).json()) as { entries: OutboxEntry[] }).entries;
    await expect.poll(async () => (await outbox()).find((e) => e.text === reply), { timeout: 10_000 }).toMatchObject({
      channel: 'chat',
      to: `connect:contact/${agent.contactId}`,
      attributes: { contactId: agent.contactId, participantRole: 'CUSTOMER' },
    });

    // The agent ends the chat: an ended status, the form goes, and the page stops asking.
    expect((await fetch(`${runtime.url}/chat/agent/${agent.contactId}/end`, { method: 'POST' })).status).toBe(200);
    await expect.poll(() => log.textContent(), { timeout: 10_000 }).toContain('The chat has ended');
    expect(await page.getByTestId('agent-form').isVisible()).toBe(false);
    expect(await page.getByTestId('agent').isVisible()).toBe(true);
    const pollsAtEnd = transcriptPolls.length;
    expect(pollsAtEnd).toBeGreaterThan(1);
    await new Promise((resolve) => setTimeout(resolve, 4_000));
    expect(transcriptPolls.length).toBe(pollsAtEnd);
  });

  // The same runtime: handlers keep their module-scope clients, so one runtime per test file.
  const post = async (path: string, body: unknown, bearer?: string) => {
    const response = await fetch(`${runtime.url}${path}`, { method: 'POST', headers: bearer ? { 'x-amz-bearer': bearer } : {}, body: JSON.stringify(body) });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  it('the local Participant Service takes only tokens a hand-over issued, and content of 1 to 1,024 characters', async () => {
    const sessionId = `participant-test-${Date.now().toString(36)}`;
    await post('/chat/api/fault-report', { sessionId, clientMessageId: 'msg-00000001', text: '停电了' });
    const handedOver = await post('/chat/api/agent', { sessionId, clientMessageId: 'msg-00000002', transcript: [{ from: 'customer', text: '停电了' }] });
    const { contactId, participantToken } = handedOver.body.agent as { contactId: string; participantToken: string };
    expect(participantToken).toMatch(/^local-token-/);

    const join = { Type: ['CONNECTION_CREDENTIALS'], ConnectParticipant: true };
    expect(await post('/chat/participant/connection', join, 'local-token-made-up')).toMatchObject({ status: 403, body: { reason: 'bad_token' } });
    expect(await post('/chat/participant/connection', join)).toMatchObject({ status: 403, body: { reason: 'bad_token' } });
    const connected = await post('/chat/participant/connection', join, participantToken);
    const connectionToken = (connected.body.ConnectionCredentials as { ConnectionToken: string }).ConnectionToken;
    expect(connectionToken).toBeTruthy();

    const message = (content: unknown, token = connectionToken) => post('/chat/participant/message', { ContentType: 'text/plain', Content: content, ClientToken: `c-${Math.random()}` }, token);
    expect(await message('hello', participantToken)).toMatchObject({ status: 403, body: { reason: 'bad_token' } });
    expect(await message('x'.repeat(1025))).toMatchObject({ status: 400, body: { reason: 'content_too_long' } });
    expect(await message(undefined)).toMatchObject({ status: 400, body: { reason: 'content_required' } });
    expect(await message('x'.repeat(1024))).toMatchObject({ status: 200, body: { Id: expect.any(String) } });
    expect(await post('/chat/participant/transcript', { MaxResults: 100 }, 'nope')).toMatchObject({ status: 403 });

    expect(await post(`/chat/agent/${contactId}/messages`, { text: 'y'.repeat(1025) })).toMatchObject({ status: 400, body: { reason: 'content_too_long' } });
    expect(await post(`/chat/agent/${contactId}/messages`, {})).toMatchObject({ status: 400, body: { reason: 'content_required' } });
    expect(await post('/chat/agent/no-such-contact/messages', { text: 'hi' })).toMatchObject({ status: 404, body: { reason: 'no_chat' } });

    await post(`/chat/agent/${contactId}/end`, {});
    expect(await message('anyone there?')).toMatchObject({ status: 403, body: { reason: 'chat_ended' } });
    const { body } = await post('/chat/participant/transcript', { ScanDirection: 'BACKWARD', SortOrder: 'ASCENDING', MaxResults: 100 }, connectionToken);
    expect((body.Transcript as { ContentType: string }[]).at(-1)?.ContentType).toBe('application/vnd.amazonaws.connect.event.chat.ended');
  });
});
