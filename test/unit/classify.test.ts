import { describe, it, expect } from 'vitest';
import { classifyText, detectLanguage, smsKeyword } from '../../functions/intake/classify';

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

  it('follows the documented precedence when several rules match', () => {
    expect(classifyText('投诉：停电三天没人管')).toEqual({ type: 'complaint', matched: ['投诉'] });
    expect(classifyText('我要投诉，抄表员收受贿赂').type).toBe('whistleblowing_report');
    expect(classifyText('停电了电费还照扣')).toEqual({ type: 'fault_report', matched: ['停电'] });
    expect(classifyText('Thanks! What is my bill this month?').type).toBe('information_query');
  });

  it('lets an explicit first word decide, except that whistleblowing stays confidential', () => {
    expect(classifyText('bill: the power cut yesterday, am I charged?')).toEqual({ type: 'information_query', matched: ['bill'] });
    expect(classifyText('OUTAGE 西湖区文三路')).toEqual({ type: 'fault_report', matched: ['outage'] });
    expect(classifyText('complaint: the meter reader took a bribe').type).toBe('whistleblowing_report');
  });

  it('matches English keywords at word starts only', () => {
    expect(classifyText('The tariff rules changed').type).toBe('consultation');
    expect(classifyText('I cannot debill anything').type).toBe('consultation');
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
