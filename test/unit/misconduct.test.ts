import { describe, expect, it } from 'vitest';
import { reportsStaffMisconduct } from '../../functions/intake/misconduct';
import { classifyText } from '../../functions/intake/classify';

describe('reportsStaffMisconduct', () => {
  it.each([
    '抄表员让我给他两百块，不然就说我家表有问题',
    '装表的师傅暗示要包个红包才给装',
    '换表的工人说买两条烟就给我们先换',
    '供电所的人收了钱也不开发票，让转他个人微信',
    '抢修师傅说给五百块就能优先修我们家',
    'The fitter asked for a carton of cigarettes before he would connect us',
    'Your meter reader wants cash in hand every month, no receipt',
    'Someone at your office said a red envelope would get our application through',
    'The inspector hinted that dinner and drinks would sweeten the report',
    'The engineer asked for 300 extra or else he would leave the job unfinished',
    'Complaint about the meter reader: he says a monthly payment gets you a lower reading',
    '抄表员说每个月给他一百块就给我少抄点',
    'The company van is outside the casino every Friday night',
    '供电所的车周末老拉着一家人去钓鱼',
  ])('sees staff taking money or gifts off the books in "%s"', (text) => {
    expect(reportsStaffMisconduct(text)).toBe(true);
  });

  it.each([
    '抄表员态度很差，问他话也不理',
    '师傅辛苦了，修得又快又好',
    '电工上门修空开收了一百块，这个价格合理吗',
    '我的电费怎么多收了两百块',
    'The meter reader was rude to my mother',
    'The engineer charged 200 for the call-out, is that right?',
    'Thanks to the crew, they worked through the night',
    'The pole on the side of the road is leaning, an engineer should look at it',
    'I paid my bill in cash at the counter, has it arrived?',
    'Your van blocked our drive all afternoon',
    '维修工的车停在我家门口挡着一下午，叫他挪也不挪',
    'My payment went through but the bill still shows arrears',
  ])('leaves "%s" to the model', (text) => {
    expect(reportsStaffMisconduct(text)).toBe(false);
  });

  it('makes the ticket confidential whatever the model thinks', () => {
    expect(classifyText('Your meter reader wants cash in hand every month, no receipt')).toMatchObject({ type: 'whistleblowing_report', confidential: true });
    expect(classifyText('换表的工人说买两条烟就给我们先换')).toMatchObject({ type: 'whistleblowing_report', confidential: true });
  });
});
