/**
 * Concepts: words customers use for the same thing, grouped, so that a word
 * seen in one training message teaches the model about its siblings too
 * ("红包" and "好处费", "bribe" and "kickback"). The trainer hashes these
 * into the model file; at run time a message that contains any of a
 * concept's words also gets the feature `@<concept>`.
 *
 * Terms must be features themselves (features.ts): Chinese terms of 1 to 3
 * characters, English single words or two-word phrases, lower case, digits
 * as `0`. Some concepts also drive the safety rules in classify.ts (their
 * names are listed in SAFETY_CONCEPTS there).
 */
export const LEXICON: Readonly<Record<string, readonly string[]>> = {
  // No supply, in the ways people say it.
  nopower: ['停电', '没电', '断电', '黑了', '全黑', '不亮', '灭了', '没点', '停点', '冇电', '莫得电', '木有电', '没有电', '跳电', '停了', '黑灯', '黑的',
    'no power', 'power out', 'power cut', 'powers out', 'outage', 'blackout', 'no electricity', 'lost power', 'no lights', 'dark', 'without power', 'no juice', 'went out', 'no pwr', 'no powr', 'power failure', 'went dark', 'lights out', 'is out', 'are out', 'cut off', 'brownout'],
  restored: ['来电了', '电来了', '恢复了', '已恢复', '好了', '有电了', '不用来', '不用派', 'power back', 'back on', 'restored', 'came back', 'its back', 'back up', 'sorted', 'never mind', 'no need'],
  powerfine: ['有电', '不是停', '电没问', 'is fine', 'not an', 'not a'],
  line: ['电线', '电缆', '线路', '电线杆', '电杆', '高压线', '线杆', '瓷瓶', '进户线', 'wire', 'wires', 'line', 'lines', 'cable', 'pole', 'insulator'],
  danger: ['火花', '冒火', '着火', '起火', '冒烟', '打火', '触电', '电到', '电打', '漏电', '火苗', '火光', '烧起', '焦味', '焦糊', '爆炸', '巨响',
    'spark', 'sparks', 'sparking', 'fire', 'smoke', 'smoking', 'burning', 'shock', 'shocked', 'electrocuted', 'arcing', 'flames', 'zapped', 'bang', 'flash'],
  fallen: ['掉下', '掉在', '断了', '倒了', '垂', '落地', '拖在', '挂在', '刮断', '撞断', '挖断', 'down', 'fallen', 'fell', 'snapped', 'hanging', 'dangling', 'sagging', 'the ground', 'leaning'],
  transformer: ['变压器', '箱变', '配电', '变电', '电房', '电箱', '配电房', '配电柜', 'transformer', 'substation', 'cabinet', 'junction box', 'feeder'],
  wide: ['整个', '整栋', '整条', '小区', '一片', '片区', '全村', '整片', '隔壁', '都没', '全部', '周围', '附近', '楼上', '整排', '全都', '村里', '几个',
    'whole', 'entire', 'street', 'block', 'neighbours', 'everyone', 'estate', 'village', 'area', 'building', 'road', 'all the', 'several', 'district', 'lane', 'compound'],
  onlyme: ['就我家', '只有我', '邻居都', '别人家', '其他都', '其他房', '一半', '就我', 'only my', 'just my', 'only mine', 'are fine', 'is fine', 'others are', 'neighbour has', 'rest is', 'next door'],
  breaker: ['跳闸', '跳匝', '空开', '漏保', '总闸', '电闸', '闸', '推不上', '合不上', '保险', 'breaker', 'tripped', 'trips', 'tripping', 'rcd', 'fuse', 'trip switch', 'main switch'],
  voltage: ['电压', '忽明忽', '一闪', '闪', '频闪', '灯暗', '很暗', '不稳', 'voltage', 'flicker', 'flickering', 'dim', 'dimming', 'volts', 'surge'],
  meter: ['电表', '表', '智能表', '表箱', 'meter', 'meters', 'metre'],
  bribe: ['红包', '好处', '回扣', '买条烟', '买烟', '喝茶', '拿东西', '收了钱', '给点', '加钱', '要钱', '微信转', '表示', '茶水费', '辛苦费', '贿', '受贿', '行贿', '塞钱', '意思意', '请客', '吃饭', '两条烟', '收礼', '烟酒', '吃拿卡', '好处费', '勾销', '私下', '转他', '转账', '不开票', '现金', '收钱', '给钱', '给他',
    'bribe', 'bribery', 'kickback', 'cash', 'something extra', 'extra', 'extra money', 'his account', 'personal account', 'his personal', 'in person', 'a price', 'cigarettes', 'envelope', 'red packet', 'sweeten', 'backhander', 'favour', 'favor', 'a fee', 'money from', 'asked me', 'ask me', 'for money', 'give him', 'pay him', 'paid him', 'tip', 'tips', 'gift', 'under the', 'red envelope', 'coffee money', 'personally', 'pockets', 'slipped', 'appreciation', 'corruption', 'no receipt', 'privately', 'dinner', 'treat'],
  theft: ['偷电', '窃电', '绕表', '铅封', '接了根', '直接进', '扯的', '不交钱', '没装表', '接到自', '私自', '偷用', '白用', '短接', '私接', '私拉', '挂钩', '不走表', '绕过', '磁铁', '倒着走', '动手脚', '改表', '不计量', '表不走', '铅封', '封印', '偷接', '偷偷',
    'steal', 'stealing', 'steals', 'theft', 'bypass', 'bypassed', 'tamper', 'tampered', 'hook', 'hooks', 'unmetered', 'magnet', 'rigged', 'altered', 'backwards', 'off meter', 'clipped', 'tap the', 'seal', 'broken seal', 'without meter', 'without a', 'no meter', 'free electricity', 'free power', 'wired into', 'straight into', 'never pays', 'doesnt move', 'not moving', 'fiddled', 'fishy', 'suspicious', 'rewired'],
  staff: ['抄表员', '工作人', '员工', '师傅', '电工', '营业员', '所长', '经理', '检查员', '维修工', '装表', '抢修', '工人', '供电所', '抄表的', '换表的',
    'reader', 'staff', 'employee', 'technician', 'engineer', 'crew', 'clerk', 'inspector', 'electrician', 'manager', 'installer', 'your guy', 'official', 'fitter', 'repairman'],
  reportword: ['举报', '反映', '匿名', '纪检', '实名', '敢说', '不敢', '敏感', 'report', 'reporting', 'anonymous', 'anonymously', 'confidential', 'whistle', 'discipline', 'flag', 'quietly', 'sensitive'],
  impostor: ['冒充', '假的', '自称', '假冒', 'posing', 'claiming', 'fake', 'pretending', 'impostor', 'pretend'],
  complain: ['投诉', '态度', '太差', '不满', '失望', '太慢', '没人管', '没人接', '挂我', '破服务', '气人', '离谱', '不负责', '赔', '损失', '扰民', '道歉',
    'complain', 'complaint', 'rude', 'unacceptable', 'disappointed', 'terrible', 'furious', 'ridiculous', 'poor', 'shambolic', 'disgrace', 'hung up', 'still waiting', 'nobody came', 'compensation', 'apology', 'not happy', 'joke'],
  // Something that keeps happening: a complaint about the service more than a report of a fault now.
  repeated: ['每次', '反复', '老是', '总是', '经常', '几次', '多次', '第三次', '一个月', '一年', '好几次', '连续', '天天', '又', 'every time', 'again', 'repeatedly', 'keeps', 'times', 'months', 'a year', 'a row', 'this month', 'always', 'constantly'],
  explain: ['解释', '说法', '不解决', '不处理', '交代', '道理', '凭什么', '叫服务', '不像话', 'explanation', 'explain', 'not acceptable', 'call that', 'sort it', 'on record', 'had enough', 'escalate', 'lodge', 'formal'],
  late: ['迟到', '拖了', '等了', '拖到', '没人来', '没回', '一直没', '好几次', 'waited', 'waiting', 'hours to', 'never', 'still no', 'weeks', 'three times'],
  bill: ['电费', '账单', '余额', '欠费', '缴费', '交费', '扣费', '扣款', '用电量', '发票', '度电', '违约金', '预存', '退费', '到账', '点费', '交了',
    'bill', 'bills', 'balance', 'payment', 'paid', 'charge', 'charged', 'invoice', 'arrears', 'usage', 'kwh', 'owe', 'debit', 'refund', 'overdue', 'due', 'statement', 'topped'],
  ask: ['查', '多少', '是多少', '进度', '几号', '到哪', '结果', '记录', '明细', '确认', 'check', 'how much', 'status', 'did my', 'has my', 'what is', 'whats my', 'is my', 'update on', 'when was', 'which'],
  how: ['怎么', '如何', '咋', '能不能', '可以', '规定', '政策', '流程', '需要', '什么', '啥', '是不是', '要不要', '吗', 'how do', 'how does', 'how is', 'how can', 'what are', 'rules', 'rule', 'policy', 'can i', 'is there', 'should i', 'do i', 'what should', 'procedure', 'requirements'],
  tariff: ['电价', '峰谷', '阶梯', '价格', '分时', '谷时', '一度', '涨价', 'tariff', 'rate', 'rates', 'price', 'prices', 'off peak', 'peak', 'tier', 'tiered', 'kwh right'],
  apply: ['申请', '办理', '报装', '新装', '增容', '减容', '过户', '销户', '更名', '迁移', '移到', '挪', '暂停', '开户', '分户', '合并', '通电', '接电', '开通', '装个', '想装', '改成', '三相', '拆表', '临时用',
    'apply', 'application', 'new connection', 'capacity', 'transfer', 'close', 'suspend', 'install', 'upgrade', 'move my', 'moved', 'set up', 'sign me', 'connect', 'three phase', 'split', 'merge', 'combine', 'remove the', 'temporary', 'resume', 'turned on'],
  thanks: ['谢谢', '感谢', '辛苦', '表扬', '点赞', '好评', '满意', '五星', '专业', '耐心', '客气', 'thank', 'thanks', 'praise', 'kudos', 'great', 'well done', 'cheers', 'lovely', 'credit', 'polite', 'patient', 'happy', 'stars'],
  suggest: ['建议', '希望', '提个', '意见', '能否', '多发', '增加', 'suggest', 'suggestion', 'would be', 'could you', 'consider', 'feedback', 'maybe', 'it would', 'add'],
  // The safety rules' words (classify.ts): a report or theft said outright, whatever the model thinks.
  misconduct: ['举报', '贿', '受贿', '行贿', '偷电', '窃电', '绕表', '回扣', '好处费', '吃拿卡', '私接', '偷接', '短接', '改表', '纪检', '绕过',
    'bribe', 'bribes', 'bribery', 'kickback', 'theft', 'bypassed', 'tampered', 'unmetered', 'corruption', 'stealing electricity', 'stealing power', 'steals power', 'steal electricity', 'power theft', 'electricity theft'],
  // Fault triage (triage.ts): fire, sparks, smoke or a shock; a line on the ground.
  emergency: ['火花', '冒火', '着火', '起火', '冒烟', '打火', '触电', '电到', '电打', '火苗', '火光', '烧起', '火星', '冒黑烟', '被电',
    'spark', 'sparks', 'sparking', 'fire', 'smoke', 'smoking', 'burning', 'shock', 'shocked', 'electrocuted', 'arcing', 'flames', 'zapped', 'on fire'],
  wiredown: ['掉下', '掉在', '掉到', '落地', '拖在', '垂到', '在地上', '断的', 'wire down', 'line down', 'downed', 'fallen', 'fell', 'the ground', 'live wire', 'lying'],
  urgent: ['急', '快', '尽快', '赶紧', '危险', '马上', 'urgent', 'hurry', 'asap', 'quick', 'dangerous', 'help', 'now'],
};
