/* global document, window, fetch, crypto, sessionStorage, FormData */
// The 95598 web chat page. Everything shown is set with textContent: text from
// the customer or the API is never parsed as HTML.

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
    errors: { rate_limited: '操作太频繁，请稍后再试。', not_verified: '请先用户号和查询密码验证。', verification_failed: '户号或查询密码不正确。', invalid_request: '请检查输入的内容。', too_large: '内容太长了。', not_found: '没有找到这个户号。', address_not_recognised: '没能识别这个地址，请写明区（如西湖区）或提供户号。', no_ticket: '请先描述您的问题。' },
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
    errors: { rate_limited: 'Too many requests; please wait a moment.', not_verified: 'Please verify with your account number and PIN first.', verification_failed: 'Account number or PIN is wrong.', invalid_request: 'Please check what you entered.', too_large: 'That is too long.', not_found: 'No customer with this account number.', address_not_recognised: 'We could not place that address; give the district (e.g. Xihu) or the account number.', no_ticket: 'Please describe your problem first.' },
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
  if (from !== 'error') transcript.push({ from: from === 'customer' ? 'customer' : 'bot', text: text.slice(0, 1000) });
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

document.getElementById('agent').addEventListener('click', async () => {
  say('customer', t().agent);
  const data = await call('agent', { clientMessageId: crypto.randomUUID(), transcript: transcript.slice(-50) });
  if (data) say('bot', t().agentStarted(data.ticketId));
});

for (const button of document.querySelectorAll('[data-lang]')) button.addEventListener('click', () => applyLanguage(button.dataset.lang));
applyLanguage(window.navigator.language?.startsWith('en') ? 'en' : language);
say('bot', t().welcome);
