/* global document, window, fetch, crypto, sessionStorage, FormData, URL */
// The 95598 web chat page. Everything shown is set with textContent: text from
// the customer, the API or the agent is never parsed as HTML.

const TEXT = {
  'zh-CN': {
    title: '95598 在线客服', outageTitle: '停电查询', accountOrAddress: '户号或地址', check: '查询',
    faultTitle: '故障报修', symptom: '故障情况', address: '地址', report: '提交报修',
    billTitle: '电费查询（需验证）', account: '户号', pin: '查询密码', verify: '验证', billQuestion: '您的电费问题', ask: '提问',
    agent: '转人工客服', welcome: '您好，这里是95598在线客服，请问有什么可以帮您？',
    noOutage: '目前没有查到您所在区域的停电信息。如果您家停电，请提交报修。',
    outage: (o) => `您所在区域正在停电：${o.cause}。预计恢复时间：${time(o.etr, 'zh-CN')}。给您带来不便，敬请谅解。`,
    ticket: (id) => `已受理，您的工单号是 ${id}，请记下以便查询。`,
    joined: (o) => `您的报修已并入正在处理的停电事件：${o.cause}。预计恢复时间：${time(o.etr, 'zh-CN')}。`,
    verified: '验证成功，可以查询电费。', bill: (b) => `${b.period} 电费 ${b.amountYuan} 元（${b.kwh} 千瓦时），应缴 ${b.balanceDueYuan} 元，缴费截止 ${b.dueDate}。`,
    agentStarted: (id) => `正在为您转接人工客服，工单号 ${id}。`,
    toAgent: '发给人工客服', send: '发送',
    agentJoined: (name) => `人工客服 ${name} 已接入，请直接输入您的问题。`, agentLeft: '人工客服已离开对话。',
    chatEnded: '对话已结束，感谢您的耐心。如还需帮助，请再次转人工或拨打95598。', agentUnavailable: '暂时无法接通人工客服，请稍后再试或拨打95598。',
    errors: { rate_limited: '操作太频繁，请稍后再试。', pin_locked: '查询密码错误次数过多，请15分钟后再试，或转人工服务。', not_verified: '请先用户号和查询密码验证。', verification_failed: '户号或查询密码不正确。', invalid_request: '请检查输入的内容。', too_large: '内容太长了。', address_not_recognised: '没能识别这个地址，请写明区（如西湖区）或提供户号。', no_ticket: '请先描述您的问题。' },
    failed: '服务暂时不可用，请稍后再试或拨打95598。',
  },
  en: {
    title: '95598 Online service', outageTitle: 'Power cut status', accountOrAddress: 'Account number or address', check: 'Check',
    faultTitle: 'Report a fault', symptom: 'What is wrong', address: 'Address', report: 'Report',
    billTitle: 'Bill questions (verification needed)', account: 'Account number', pin: 'PIN', verify: 'Verify', billQuestion: 'Your bill question', ask: 'Ask',
    agent: 'Talk to an agent', welcome: 'Hello, this is the 95598 online service. How can we help?',
    noOutage: 'We know of no power cut in your area. If your power is out, please report a fault.',
    outage: (o) => `There is a power cut in your area: ${o.cause}. Expected restoration: ${time(o.etr, 'en')}. We apologise for the inconvenience.`,
    ticket: (id) => `Received. Your ticket number is ${id}; please keep it for reference.`,
    joined: (o) => `Your report joins a power cut we are already working on: ${o.cause}. Expected restoration: ${time(o.etr, 'en')}.`,
    verified: 'Verified: you can ask about your bill.', bill: (b) => `${b.period}: ${b.amountYuan} yuan (${b.kwh} kWh); due ${b.balanceDueYuan} yuan by ${b.dueDate}.`,
    agentStarted: (id) => `Connecting you to an agent, ticket ${id}.`,
    toAgent: 'Message to the agent', send: 'Send',
    agentJoined: (name) => `Agent ${name} has joined; type your question.`, agentLeft: 'The agent has left the chat.',
    chatEnded: 'The chat has ended. Thank you. If you need more help, ask for an agent again or call 95598.', agentUnavailable: 'We cannot reach an agent right now; please try again later or call 95598.',
    errors: { rate_limited: 'Too many requests; please wait a moment.', pin_locked: 'Too many wrong PINs for this account; try again in 15 minutes, or talk to an agent.', not_verified: 'Please verify with your account number and PIN first.', verification_failed: 'Account number or PIN is wrong.', invalid_request: 'Please check what you entered.', too_large: 'That is too long.', address_not_recognised: 'We could not place that address; give the district (e.g. Xihu) or the account number.', no_ticket: 'Please describe your problem first.' },
    failed: 'The service is unavailable; please try again later or call 95598.',
  },
};

let language = document.documentElement.lang === 'en' ? 'en' : 'zh-CN';
const transcript = [];
const sessionId = sessionStorage.getItem('chatSession') ?? crypto.randomUUID();
sessionStorage.setItem('chatSession', sessionId);

function time(iso, lang) {
  return new Date(iso).toLocaleString(lang, { timeZone: 'Asia/Shanghai', month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit' });
}

function t() {
  return TEXT[language];
}

function say(from, text) {
  const item = document.createElement('li');
  item.className = from;
  item.textContent = text;
  document.getElementById('log').append(item);
  if (from === 'customer' || from === 'bot') transcript.push({ from: from === 'customer' ? 'customer' : 'bot', text: text.slice(0, 1000) });
  if (transcript.length > 50) transcript.shift();
}

function applyLanguage(lang) {
  language = lang;
  document.documentElement.lang = lang;
  for (const node of document.querySelectorAll('[data-i18n]')) node.textContent = t()[node.dataset.i18n];
  document.title = t().title;
}

async function call(path, body) {
  try {
    const response = await fetch(`api/${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ sessionId, language, ...body }),
    });
    const data = await response.json();
    if (!response.ok) {
      say('error', t().errors[data.reason] ?? t().failed);
      return undefined;
    }
    return data;
  } catch {
    say('error', t().failed);
    return undefined;
  }
}

function contactAnswer(data) {
  if (data.ticketId) say('bot', t().ticket(data.ticketId));
  else if (data.outage) say('bot', t().joined(data.outage));
}

function onSubmit(id, handler) {
  document.getElementById(id).addEventListener('submit', async (event) => {
    event.preventDefault();
    const form = event.currentTarget;
    const fields = Object.fromEntries(new FormData(form).entries());
    const button = form.querySelector('button');
    button.disabled = true;
    try {
      await handler(fields, form);
    } finally {
      button.disabled = false;
    }
  });
}

onSubmit('outage-form', async ({ query }) => {
  const value = String(query).trim();
  say('customer', value);
  const data = await call('outage-status', /^\d{6,20}$/.test(value) ? { accountNumber: value } : { address: value });
  if (data) say('bot', data.outage ? t().outage(data.outage) : t().noOutage);
});

onSubmit('fault-form', async ({ text, address }, form) => {
  const symptom = String(text).trim();
  const where = String(address).trim();
  say('customer', where ? `${symptom}\n${where}` : symptom);
  const data = await call('fault-report', { clientMessageId: crypto.randomUUID(), text: symptom, ...(where ? { address: where } : {}) });
  if (data) {
    contactAnswer(data);
    form.reset();
  }
});

onSubmit('verify-form', async ({ account, pin }, form) => {
  say('customer', `${t().account}: ${String(account)}`);
  const data = await call('verify', { accountNumber: String(account).trim(), pin: String(pin) });
  form.querySelector('[name=pin]').value = '';
  if (data) say('bot', t().verified);
});

onSubmit('bill-form', async ({ text }, form) => {
  say('customer', String(text));
  const data = await call('bill', { clientMessageId: crypto.randomUUID(), text: String(text).trim() });
  if (data) {
    if (data.bill) say('bot', t().bill(data.bill));
    contactAnswer(data);
    form.reset();
  }
});

// The agent chat: the page joins the Amazon Connect chat that `agent` started,
// through the Participant Service's REST API, and polls the transcript (no
// WebSocket: a chat of a few minutes is a handful of requests).
const POLL_MILLISECONDS = 3000;
/** The page's own limit (Connect takes up to 1,024 characters a message). */
const MAX_AGENT_MESSAGE_CHARS = 1000;
const CONNECT_EVENT = 'application/vnd.amazonaws.connect.event';
/** The chat in progress: endpoint, connection token, transcript ids shown, poll timer. */
let agentChat;

async function participant(chat, operation, token, body) {
  const response = await fetch(`${chat.endpoint}/participant/${operation}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-amz-bearer': token },
    body: JSON.stringify(body),
  });
  return { status: response.status, data: response.ok ? await response.json() : undefined };
}

function showAgentForm(chatting) {
  document.getElementById('agent-form').hidden = !chatting;
  document.getElementById('agent').hidden = chatting;
}

async function joinAgentChat(agent) {
  // Locally the endpoint is a path on this origin; in AWS, the Participant Service of the instance's region.
  const endpoint = new URL(agent.participantEndpoint, window.location.origin).href.replace(/\/+$/, '');
  const chat = { endpoint, connectionToken: undefined, lastId: undefined, seen: new Set(), timer: undefined, ended: false };
  try {
    const joined = await participant(chat, 'connection', agent.participantToken, { Type: ['CONNECTION_CREDENTIALS'], ConnectParticipant: true });
    chat.connectionToken = joined.data?.ConnectionCredentials?.ConnectionToken;
  } catch {
    chat.connectionToken = undefined;
  }
  if (!chat.connectionToken) {
    say('error', t().agentUnavailable);
    return;
  }
  agentChat = chat;
  showAgentForm(true);
  await pollTranscript(chat);
}

async function pollTranscript(chat) {
  // First the latest page of the transcript, then forward from the last item shown.
  const body = chat.lastId
    ? { ScanDirection: 'FORWARD', SortOrder: 'ASCENDING', MaxResults: 100, StartPosition: { Id: chat.lastId } }
    : { ScanDirection: 'BACKWARD', SortOrder: 'ASCENDING', MaxResults: 100 };
  try {
    const { status, data } = await participant(chat, 'transcript', chat.connectionToken, body);
    // 403: the connection is no longer valid (the chat ended or expired).
    if (status === 403) endAgentChat(chat);
    for (const item of data?.Transcript ?? []) showTranscriptItem(chat, item);
  } catch {
    // A dropped request: the next poll asks again from the same position.
  }
  if (!chat.ended) chat.timer = window.setTimeout(() => pollTranscript(chat), POLL_MILLISECONDS);
}

function showTranscriptItem(chat, item) {
  if (!item || typeof item.Id !== 'string' || chat.seen.has(item.Id)) return;
  chat.seen.add(item.Id);
  chat.lastId = item.Id;
  if (item.Type === 'MESSAGE' && typeof item.Content === 'string') {
    // The customer's own messages are on the page already.
    if (item.ParticipantRole === 'AGENT') say('agent', item.Content);
    else if (item.ParticipantRole === 'SYSTEM') say('bot', item.Content);
  } else if (item.Type === 'EVENT') {
    if (item.ContentType === `${CONNECT_EVENT}.chat.ended`) endAgentChat(chat);
    else if (item.ParticipantRole === 'AGENT' && item.ContentType === `${CONNECT_EVENT}.participant.joined`) say('status', t().agentJoined(String(item.DisplayName ?? '')));
    else if (item.ParticipantRole === 'AGENT' && item.ContentType === `${CONNECT_EVENT}.participant.left`) say('status', t().agentLeft);
  }
}

function endAgentChat(chat) {
  if (chat.ended) return;
  chat.ended = true;
  window.clearTimeout(chat.timer);
  if (agentChat === chat) agentChat = undefined;
  say('status', t().chatEnded);
  showAgentForm(false);
}

document.getElementById('agent').addEventListener('click', async (event) => {
  const button = event.currentTarget;
  if (agentChat) return;
  button.disabled = true;
  try {
    say('customer', t().agent);
    const data = await call('agent', { clientMessageId: crypto.randomUUID(), transcript: transcript.slice(-50) });
    if (data) say('bot', t().agentStarted(data.ticketId));
    if (data?.agent) await joinAgentChat(data.agent);
  } finally {
    button.disabled = false;
  }
});

onSubmit('agent-form', async ({ text }, form) => {
  const chat = agentChat;
  const content = String(text).trim();
  if (!chat || !content) return;
  if (content.length > MAX_AGENT_MESSAGE_CHARS) {
    say('error', t().errors.too_large);
    return;
  }
  say('customer', content);
  try {
    const { status } = await participant(chat, 'message', chat.connectionToken, { ContentType: 'text/plain', Content: content, ClientToken: crypto.randomUUID() });
    if (status === 403) endAgentChat(chat);
    else if (status >= 400) say('error', t().failed);
    else form.reset();
  } catch {
    say('error', t().failed);
  }
});

for (const button of document.querySelectorAll('[data-lang]')) button.addEventListener('click', () => applyLanguage(button.dataset.lang));
applyLanguage(window.navigator.language?.startsWith('en') ? 'en' : language);
say('bot', t().welcome);
