import { describe, it, expect } from 'vitest';
import { classifyText, detectLanguage, REVIEW_THRESHOLD, smsKeyword } from '../../functions/intake/classify';
import { keyFieldsOf } from '../../functions/intake/key-fields';
import { faultTriage } from '../../functions/intake/triage';

describe('classifyText', () => {
  it.each([
    ['家里停电了', 'fault_report'],
    ['楼道跳闸了，一直没电', 'fault_report'],
    ['The meter box is sparking!', 'fault_report'],
    ['We have no power since 8pm', 'fault_report'],
    ['这个月电费怎么这么高', 'information_query'],
    ['What is my balance?', 'information_query'],
    ['我要投诉抄表员态度差', 'complaint'],
    ['I want to complain about the repair crew', 'complaint'],
    ['举报有人偷电', 'whistleblowing_report'],
    ['A staff member asked me for a bribe', 'whistleblowing_report'],
    ['我想办理新装', 'service_application'],
    ['How do I apply for a new connection?', 'service_application'],
    ['感谢师傅连夜抢修', 'suggestion_praise'],
    ['峰谷电价是多少', 'consultation'],
    ['hello?', 'consultation'],
  ] as const)('%s -> %s', (text, type) => {
    expect(classifyText(text).type).toBe(type);
  });

  it.each([
    // The examples, which the keyword list got wrong.
    ['整个小区都黑了，电梯也停了', 'fault_report'],
    ['路口那根电线杆歪了，电线垂得很低', 'fault_report'],
    ['Lights are flickering and there is a burning smell from the meter box', 'fault_report'],
    ['Half the street has been dark since 7pm', 'fault_report'],
    ['抄表员让我给他两百块，不然就说我家表有问题', 'whistleblowing_report'],
    ["The meter reader said he'd fix my reading for cash", 'whistleblowing_report'],
  ] as const)('understands "%s" as %s', (text, type) => {
    expect(classifyText(text).type).toBe(type);
  });

  it('types a complaint about an outage or a slow repair as a complaint, not as a fault to dispatch', () => {
    expect(classifyText('上周停电停了一整天，也没人来解释一下，太不负责了').type).toBe('complaint');
    expect(classifyText("Last week's outage went on all day and nobody ever explained why").type).toBe('complaint');
  });

  it('keeps an indirect report of misconduct or theft confidential', () => {
    expect(classifyText('装表的师傅说要给点茶水费才给装')).toMatchObject({ type: 'whistleblowing_report', confidential: true });
    expect(classifyText('The fitter hinted I should give him tea money to connect us faster')).toMatchObject({ type: 'whistleblowing_report', confidential: true });
    expect(classifyText('楼下那户好像在偷偷用公共的电')).toMatchObject({ type: 'whistleblowing_report', confidential: true });
  });

  it('keeps a report confidential whatever else the message says, even after a topic word', () => {
    expect(classifyText('我要投诉，抄表员收受贿赂')).toMatchObject({ type: 'whistleblowing_report', confidential: true });
    expect(classifyText('complaint: the meter reader took a bribe')).toMatchObject({ type: 'whistleblowing_report', confidential: true });
    expect(classifyText('我要投诉抄表员态度差').confidential).toBe(false);
  });

  it('never downgrades a fault report for a billing word in the same message', () => {
    expect(classifyText('停电了电费还照扣').type).toBe('fault_report');
    expect(classifyText('我家停电了，电费也不对').type).toBe('fault_report');
    expect(classifyText('No power on our whole street, also what is my bill this month?').type).toBe('fault_report');
  });

  it('lets an explicit first word decide, with full confidence', () => {
    expect(classifyText('bill: the power cut yesterday, am I charged?')).toMatchObject({ type: 'information_query', confidence: 1, decidedBy: 'topic_word' });
    expect(classifyText('OUTAGE 西湖区文三路')).toMatchObject({ type: 'fault_report', decidedBy: 'topic_word', needsReview: false });
    expect(classifyText('投诉：停电三天没人管').type).toBe('complaint');
  });

  it('does not take a message saying the power is back for a fault', () => {
    expect(classifyText("power's back now, thanks").type).not.toBe('fault_report');
    expect(classifyText('来电了，不用派人了，谢谢').type).not.toBe('fault_report');
  });

  it('marks a message it cannot place for an agent to confirm, still with its best guess', () => {
    const unsure = classifyText('asdfgh');
    expect(unsure.needsReview).toBe(true);
    expect(unsure.confidence).toBeLessThan(REVIEW_THRESHOLD);
    expect(unsure.type).toBeDefined();
    expect(classifyText('家里停电了')).toMatchObject({ needsReview: false });
  });

  it('triages fault reports: emergency, the customer side, the network', () => {
    expect(classifyText('路边有根电线掉下来了，还在冒火花')).toMatchObject({ type: 'fault_report', triage: 'emergency', emergency: true });
    expect(classifyText('The meter box is on fire!')).toMatchObject({ triage: 'emergency', emergency: true });
    expect(classifyText('就我家没电，邻居家都有电，总闸一推就跳')).toMatchObject({ type: 'fault_report', triage: 'customer_side', emergency: false });
    expect(classifyText('整个小区都黑了，电梯也停了')).toMatchObject({ triage: 'network', emergency: false });
    // "停电到现在" (off until now) holds 电到, the words of "got a shock" (被电到): not an emergency.
    expect(classifyText('我们这停电到现在了，整栋楼都黑着')).toMatchObject({ type: 'fault_report', triage: 'network', emergency: false });
    expect(classifyText('这个月电费怎么这么高').triage).toBeUndefined();
  });

  it('returns the key fields it finds', () => {
    expect(classifyText('户号3312345678，文三路168号停电了，回电138 0013 8000').keyFields).toEqual({
      account: '3312345678',
      phone: '+8613800138000',
      address: '文三路168号',
    });
  });
});

describe('keyFieldsOf', () => {
  it.each([
    ['杭州市西湖区古墩路99号阳光小区7栋2单元停电了', { address: '杭州市西湖区古墩路99号阳光小区7栋2单元' }],
    ['东方花园5栋2单元全部停电', { address: '东方花园5栋2单元' }],
    ['We are in Flat 3, 18 Wensan Road and the whole building is dark', { address: 'Flat 3, 18 Wensan Road' }],
    ['account 3399000002, call +86 139 0571 0002', { account: '3399000002', phone: '+8613905710002' }],
    ['电话0571-87654321，滨江区江南大道88号', { phone: '+8657187654321', address: '滨江区江南大道88号' }],
    ['我在学院路这边，附近的楼全黑了', {}],
    ['call 13800138000', { phone: '+8613800138000' }],
  ] as const)('%s', (text, fields) => {
    expect(keyFieldsOf(text)).toEqual(fields);
  });
});

describe('faultTriage', () => {
  it('puts a line that is down, fire, sparks or a shock first', () => {
    expect(faultTriage(new Set(['line', 'wiredown']))).toBe('emergency');
    expect(faultTriage(new Set(['emergency', 'onlyme']))).toBe('emergency');
    expect(faultTriage(new Set(['wiredown']))).toBe('network');
  });

  it('sends only-this-home and tripping breakers to the customer side unless the street is involved', () => {
    expect(faultTriage(new Set(['breaker', 'onlyme']))).toBe('customer_side');
    expect(faultTriage(new Set(['breaker', 'wide']))).toBe('network');
    expect(faultTriage(new Set(['nopower']))).toBe('network');
  });
});

describe('smsKeyword', () => {
  it.each([
    ['STOP', 'stop'],
    [' unsubscribe ', 'stop'],
    ['退订', 'stop'],
    ['td', 'stop'],
    ['T', 'stop'],
    ['HELP', 'help'],
    ['帮助', 'help'],
    ['？？', 'help'],
    ['Start', 'start'],
    ['UNSTOP', 'start'],
    ['订阅', 'start'],
  ] as const)('%s -> %s', (text, keyword) => {
    expect(smsKeyword(text)).toBe(keyword);
  });

  it('ignores keywords inside a longer message', () => {
    expect(smsKeyword('please stop the outage')).toBeUndefined();
    expect(smsKeyword('退订电费通知')).toBeUndefined();
  });
});

describe('detectLanguage', () => {
  it('answers Chinese to any Chinese character and English to Latin text', () => {
    expect(detectLanguage('停电 since 8pm', 'en')).toBe('zh-CN');
    expect(detectLanguage('My power is out', 'zh-CN')).toBe('en');
  });

  it('keeps the fallback for digits and symbols', () => {
    expect(detectLanguage('260306-1234-5678', 'en')).toBe('en');
    expect(detectLanguage('??', 'zh-CN')).toBe('zh-CN');
  });
});
