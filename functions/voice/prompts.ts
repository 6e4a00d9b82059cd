/**
 * What the IVR says, per language (DOMAIN.md, "Service language"). The flow
 * speaks these from the Lambda response (`$.External.prompt`), so they are
 * read aloud and never stored as contact attributes.
 */
import { wallClock } from '../tickets/calendar';
import type { TicketType } from '../tickets/ticket';
import type { BillSummary } from '../customers/bill-summary';
import type { FaultSymptom } from './fault-report';

export type Language = 'zh-CN' | 'en';
export const LANGUAGES: readonly Language[] = ['zh-CN', 'en'];

/** Fixed prompts; every key must exist in both languages (a unit test checks it). */
export const PROMPTS = {
  menu: {
    'zh-CN': '查询电费余额和账单请按1，故障报修请按2，人工服务请按0。',
    en: 'For your balance and last bill, press 1. To report a fault, press 2. For an agent, press 0.',
  },
  noOutage: {
    'zh-CN': '您所在区域目前没有已登记的停电。',
    en: 'There is no known outage at your address right now.',
  },
  enterPin: {
    'zh-CN': '请输入您的账户密码，以井号键结束。',
    en: 'Please enter your account PIN, followed by the hash key.',
  },
  pinNotBound: {
    'zh-CN': '您的来电号码未绑定账户，无法进行自助查询，正在为您转接人工服务。',
    en: 'This phone number is not bound to an account, so self-service is not available. Transferring you to an agent.',
  },
  pinLocked: {
    'zh-CN': '密码错误次数过多，自助查询已锁定15分钟，正在为您转接人工服务。',
    en: 'Too many wrong PINs: self-service is locked for 15 minutes. Transferring you to an agent.',
  },
  notVerified: {
    'zh-CN': '查询账户信息前需要先验证身份。',
    en: 'We need to verify your identity before we can give account details.',
  },
  noBill: {
    'zh-CN': '暂时查询不到您的账单信息，正在为您转接人工服务。',
    en: 'We cannot find your bill right now. Transferring you to an agent.',
  },
  faultInput: {
    'zh-CN': '请按故障类型：全户无电按1，邻里均无电按2，线路打火或损坏按3，电表故障按4；然后为本机绑定的地址按1，或输入10位户号，以井号键结束。',
    en: 'Enter the fault type: no power at home 1, no power in the neighbourhood 2, sparking or damaged line 3, meter fault 4; then press 1 for the address bound to this phone, or enter the 10-digit account number, then the hash key.',
  },
  faultInvalid: {
    'zh-CN': '输入有误，请重新输入。',
    en: 'That input was not valid. Please try again.',
  },
  faultNoDraft: {
    'zh-CN': '没有待确认的报修，正在为您转接人工服务。',
    en: 'There is no fault report to confirm. Transferring you to an agent.',
  },
  smsUpdates: {
    'zh-CN': '好的，恢复供电进展将通过短信通知您。',
    en: 'You will get text messages as the restoration progresses.',
  },
  smsUpdatesUnavailable: {
    'zh-CN': '抱歉，暂时无法为您登记短信通知。',
    en: 'Sorry, we cannot sign you up for text updates right now.',
  },
  toAgent: {
    'zh-CN': '正在为您转接人工服务，请稍候。',
    en: 'Transferring you to an agent, please hold.',
  },
} as const satisfies Record<string, Record<Language, string>>;
export type PromptKey = keyof typeof PROMPTS;

export function prompt(key: PromptKey, language: Language): string {
  return PROMPTS[key][language];
}

const SYMPTOM_NAMES: Record<Language, Record<FaultSymptom, string>> = {
  'zh-CN': { no_power_home: '全户无电', no_power_area: '邻里均无电', damaged_line: '线路打火或损坏', meter_fault: '电表故障' },
  en: { no_power_home: 'no power at home', no_power_area: 'no power in the neighbourhood', damaged_line: 'sparking or a damaged line', meter_fault: 'a meter fault' },
};

const TYPE_NAMES: Record<Language, Partial<Record<TicketType, string>>> = {
  'zh-CN': { fault_report: '故障报修' },
  en: { fault_report: 'fault report' },
};

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** `11月23日18点30分` or `18:30 on 23 November`, in the centre's zone. */
export function spokenTime(instant: string, language: Language, timeZone: string): string {
  const { month, day, hour, minute } = wallClock(new Date(instant), timeZone);
  if (language === 'zh-CN') return `${month}月${day}日${hour}点${minute === 0 ? '整' : `${minute}分`}`;
  return `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')} on ${day} ${MONTHS[month - 1]}`;
}

function yuan(fen: number): string {
  return (Math.abs(fen) / 100).toFixed(2);
}

/** Digits read one by one (SSML is not used: the flow speaks plain text). */
function digits(text: string): string {
  return text.split('').join(' ');
}

/** Cause, ETR, apology and the SMS-updates offer for a caller inside an active outage. */
export function outagePrompt(cause: { 'zh-CN': string; en: string }, etr: string, language: Language, timeZone: string, offerSms: boolean): string {
  const when = spokenTime(etr, language, timeZone);
  if (language === 'zh-CN') {
    return `您所在区域正在停电，原因是${cause['zh-CN']}，预计${when}恢复供电。给您带来不便，深表歉意，已记录您的报修。${offerSms ? '需要短信通知恢复进展请按1，' : ''}办理其他业务请按2，结束请挂机。`;
  }
  return `There is a known outage at your address: ${cause.en}. Power is expected back by ${when}. We are sorry for the trouble; your report has been recorded. ${offerSms ? 'For text message updates, press 1. ' : ''}For other services, press 2, or hang up.`;
}

/** Balance and last bill: only ever for a verified caller. */
export function billPrompt(bill: BillSummary, language: Language): string {
  const [year, month] = bill.period.split('-');
  const [, dueMonth, dueDay] = bill.dueDate.split('-').map(Number);
  if (language === 'zh-CN') {
    const balance = bill.balanceDueFen > 0 ? `当前应缴${yuan(bill.balanceDueFen)}元，请于${dueMonth}月${dueDay}日前缴纳` : bill.balanceDueFen < 0 ? `当前预存余额${yuan(bill.balanceDueFen)}元` : '当前无欠费';
    return `您${year}年${Number(month)}月用电${bill.kwh}千瓦时，电费${yuan(bill.billAmountFen)}元；${balance}。`;
  }
  const balance = bill.balanceDueFen > 0 ? `${yuan(bill.balanceDueFen)} yuan is due by ${dueDay} ${MONTHS[(dueMonth ?? 1) - 1]}` : bill.balanceDueFen < 0 ? `you are in credit by ${yuan(bill.balanceDueFen)} yuan` : 'nothing is due';
  return `Your bill for ${MONTHS[Number(month) - 1]} ${year}: ${bill.kwh} kilowatt hours, ${yuan(bill.billAmountFen)} yuan. Today ${balance}.`;
}

/** The key facts read back before saving (DOMAIN.md, "Fault intake rules"). */
export function faultReadBackPrompt(symptom: FaultSymptom, accountNumber: string, ownAccount: boolean, language: Language): string {
  const last4 = digits(accountNumber.slice(-4));
  const symptomName = SYMPTOM_NAMES[language][symptom];
  if (language === 'zh-CN') {
    return `您要报修的是：${symptomName}，${ownAccount ? '本机绑定的' : ''}户号尾号${last4}。确认请按1，重新输入请按2。`;
  }
  return `You are reporting ${symptomName} for ${ownAccount ? 'the account bound to this phone, ' : 'account '}ending ${last4}. To confirm, press 1. To re-enter, press 2.`;
}

export function ticketPrompt(ticketId: string, ticketType: TicketType, language: Language): string {
  const type = TYPE_NAMES[language][ticketType] ?? (language === 'zh-CN' ? '工单' : 'request');
  if (language === 'zh-CN') return `您的${type}已受理，工单号${digits(ticketId.replaceAll('-', ''))}，我们将尽快处理。`;
  return `Your ${type} has been recorded. Your ticket number is ${digits(ticketId.replaceAll('-', ''))}. We will be in touch.`;
}

export function pinRetryPrompt(attemptsLeft: number, language: Language): string {
  return language === 'zh-CN' ? `密码不正确，您还可以尝试${attemptsLeft}次。请重新输入密码，以井号键结束。` : `That PIN is not right; ${attemptsLeft} attempt${attemptsLeft === 1 ? '' : 's'} left. Please enter your PIN again, followed by the hash key.`;
}
