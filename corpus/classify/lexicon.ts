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
  nopower: ['缺相', '缺了一', '少一相', 'power gone', 'electricity gone', 'power went', 'lost electricity', 'one phase', 'gone off', 'gone again', 'power dropped', 'supply dropped', 'no supply', 'supply failed', '黑漆漆', '一片黑', '都黑', '全停', '停了两', '断了', '没来电', '不来电', '还没来', '来电又', '断断续', 'no electric', 'electric is', 'power stop', 'the dark', 'pitch black', 'no lights', 'lights went', 'went off', 'switched off', 'dark since', '停电', '没电', '断电', '黑了', '全黑', '不亮', '灭了', '没点', '停点', '冇电', '莫得电', '木有电', '没有电', '跳电', '停了', '黑灯', '黑的',
    'no power', 'power out', 'power cut', 'powers out', 'outage', 'blackout', 'no electricity', 'lost power', 'no lights', 'dark', 'without power', 'no juice', 'went out', 'no pwr', 'no powr', 'power failure', 'went dark', 'lights out', 'is out', 'are out', 'cut off', 'brownout'],
  restored: ['恢复了', '已经来', '电来啦', '正常了', '没事了', '推上去', '取消报', '不用再', 'back now', 'all fine', 'normal now', 'cancel the', 'reset it', 'all good', 'sorted now', '来电了', '电来了', '恢复了', '已恢复', '好了', '有电了', '不用来', '不用派', 'power back', 'back on', 'restored', 'came back', 'its back', 'back up', 'sorted', 'never mind', 'no need'],
  powerfine: ['有电', '不是停', '电没问', 'is fine', 'not an', 'not a'],
  line: ['电线', '电缆', '线路', '电线杆', '电杆', '高压线', '线杆', '瓷瓶', '进户线', 'wire', 'wires', 'line', 'lines', 'cable', 'pole', 'insulator'],
  danger: ['火花', '冒火', '着火', '起火', '冒烟', '打火', '触电', '电到我', '电到人', '电打', '噼里啪', '噼啪', '烧塑', '烧焦', '糊味', '烧着', '漏电', '火苗', '火光', '烧起', '焦味', '焦糊', '爆炸', '巨响',
    'spark', 'sparks', 'sparking', 'fire', 'smoke', 'smoking', 'burning', 'shock', 'shocked', 'electrocuted', 'arcing', 'flames', 'zapped', 'bang', 'flash'],
  fallen: ['掉下', '掉在', '断了', '倒了', '垂', '落地', '拖在', '挂在', '刮断', '撞断', '挖断', 'down', 'fallen', 'fell', 'snapped', 'hanging', 'dangling', 'sagging', 'the ground', 'leaning'],
  transformer: ['变压器', '箱变', '配电', '变电', '电房', '电箱', '配电房', '配电柜', 'transformer', 'substation', 'cabinet', 'junction box', 'feeder'],
  wide: ['整个', '整栋', '整条', '小区', '一片', '片区', '全村', '整片', '隔壁', '都没', '全部', '周围', '附近', '楼上', '整排', '全都', '村里', '几个',
    'whole', 'entire', 'street', 'block', 'neighbours', 'everyone', 'estate', 'village', 'area', 'building', 'road', 'all the', 'several', 'district', 'lane', 'compound'],
  onlyme: ['就我家', '只有我', '邻居都', '别人家', '其他都', '其他房', '一半', '就我', 'only my', 'just my', 'only mine', 'are fine', 'is fine', 'others are', 'neighbour has', 'rest is', 'next door'],
  breaker: ['跳闸', '跳匝', '空开', '漏保', '总闸', '电闸', '闸', '推不上', '合不上', '保险', 'breaker', 'tripped', 'trips', 'tripping', 'rcd', 'fuse', 'trip switch', 'main switch'],
  voltage: ['电压', '忽明忽', '一闪', '闪', '频闪', '灯暗', '很暗', '不稳', 'voltage', 'flicker', 'flickering', 'dim', 'dimming', 'volts', 'surge'],
  meter: ['电表', '表', '智能表', '表箱', 'meter', 'meters', 'metre'],
  bribe: ['关系', '走后门', '打点', '孝敬', '塞', '转我', '转给他', '收了', '拿了', '吃饭', '请吃', '两条', '几百', '一千', '五千', '好处', '辛苦费', '加急费', '手续费', '不开发', '私下', 'connections', 'you fee', 'rush fee', 'fee to', 'wanted money', 'for money', 'paid off', 'bought off', 'the table', 'to him', 'for cash', 'in cash', '红包', '好处', '回扣', '买条烟', '买烟', '喝茶', '拿东西', '收了钱', '给点', '加钱', '要钱', '微信转', '表示', '茶水费', '辛苦费', '贿', '受贿', '行贿', '塞钱', '意思意', '请客', '吃饭', '两条烟', '收礼', '烟酒', '吃拿卡', '好处费', '勾销', '私下', '转他', '转账', '不开票', '现金', '收钱', '给钱', '给他',
    'bribe', 'bribery', 'kickback', 'cash', 'something extra', 'extra', 'extra money', 'his account', 'personal account', 'his personal', 'in person', 'a price', 'cigarettes', 'envelope', 'red packet', 'sweeten', 'backhander', 'favour', 'favor', 'a fee', 'money from', 'asked me', 'ask me', 'for money', 'give him', 'pay him', 'paid him', 'tip', 'tips', 'gift', 'under the', 'red envelope', 'coffee money', 'personally', 'pockets', 'slipped', 'appreciation', 'corruption', 'no receipt', 'privately', 'dinner', 'treat'],
  theft: ['挖矿', '搭线', '扯线', '接根', '接了', '不走字', '倒着', '倒过来', '少抄', '多抄', '改线', '公共电', '公摊', '偷偷', '蹭电', 'mining', 'communal supply', 'doesnt count', 'under record', 'under records', 'under reads', 'rewires', 'wired into', 'the pole', 'pulled straight', 'common line', '偷电', '窃电', '绕表', '铅封', '接了根', '直接进', '扯的', '不交钱', '没装表', '接到自', '私自', '偷用', '白用', '短接', '私接', '私拉', '挂钩', '不走表', '绕过', '磁铁', '倒着走', '动手脚', '改表', '不计量', '表不走', '铅封', '封印', '偷接', '偷偷',
    'steal', 'stealing', 'steals', 'theft', 'bypass', 'bypassed', 'tamper', 'tampered', 'hook', 'hooks', 'unmetered', 'magnet', 'rigged', 'altered', 'backwards', 'off meter', 'clipped', 'tap the', 'seal', 'broken seal', 'without meter', 'without a', 'no meter', 'free electricity', 'free power', 'wired into', 'straight into', 'never pays', 'doesnt move', 'not moving', 'fiddled', 'fishy', 'suspicious', 'rewired'],
  staff: ['抄表员', '工作人', '员工', '师傅', '电工', '营业员', '所长', '经理', '检查员', '维修工', '装表', '抢修', '工人', '供电所', '抄表的', '换表的',
    'reader', 'staff', 'employee', 'technician', 'engineer', 'crew', 'clerk', 'inspector', 'electrician', 'manager', 'installer', 'your guy', 'official', 'fitter', 'repairman'],
  reportword: ['不好实', '不敢说', '该不该', '跟谁说', '转给', '纪委', '监察', '查一查', '调查', '不对劲', '有问题', 'cant give', 'cant give', 'my name', 'not sure', 'to tell', 'investigate', 'look into', 'somethings off', 'not right', 'doesnt seem', 'someone should', '举报', '反映', '匿名', '纪检', '实名', '敢说', '不敢', '敏感', 'report', 'reporting', 'anonymous', 'anonymously', 'confidential', 'whistle', 'discipline', 'flag', 'quietly', 'sensitive'],
  impostor: ['冒充', '假的', '自称', '假冒', 'posing', 'claiming', 'fake', 'pretending', 'impostor', 'pretend'],
  complain: ['推诿', '推卸', '不理', '不管', '踢皮球', '来回跑', '拖拉', '敷衍', '寒心', '生气', '恶劣', '凶', '骂', '不耐烦', '糟糕', '差劲', '没下文', '石沉大', 'angry', 'furious', 'impatient', 'aggressive', 'shouting', 'ignored', 'passed around', 'no answer', 'no reply', 'fobbed off', 'sloppy', 'careless', 'unprofessional', '投诉', '态度', '太差', '不满', '失望', '太慢', '没人管', '没人接', '挂我', '破服务', '气人', '离谱', '不负责', '赔', '损失', '扰民', '道歉',
    'complain', 'complaint', 'rude', 'unacceptable', 'disappointed', 'terrible', 'furious', 'ridiculous', 'poor', 'shambolic', 'disgrace', 'hung up', 'still waiting', 'nobody came', 'compensation', 'apology', 'not happy', 'joke'],
  // Something that keeps happening: a complaint about the service more than a report of a fault now.
  repeated: ['每次', '反复', '老是', '总是', '经常', '几次', '多次', '第三次', '一个月', '一年', '好几次', '连续', '天天', '又', 'every time', 'again', 'repeatedly', 'keeps', 'times', 'months', 'a year', 'a row', 'this month', 'always', 'constantly'],
  explain: ['解释', '说法', '不解决', '不处理', '交代', '道理', '凭什么', '叫服务', '不像话', 'explanation', 'explain', 'not acceptable', 'call that', 'sort it', 'on record', 'had enough', 'escalate', 'lodge', 'formal'],
  late: ['迟到', '拖了', '等了', '拖到', '没人来', '没回', '一直没', '好几次', 'waited', 'waiting', 'hours to', 'never', 'still no', 'weeks', 'three times'],
  bill: ['账户', '户号', '扣了', '多扣', '缴了', '充值', '充了', '余额不', '账上', '电量', '读数', '止码', '抄的', '滞纳金', '发票', '退款', '欠多少', '到账了', 'account', 'reading', 'readings', 'top up', 'statement', 'late fee', 'credit', 'units', 'debited', 'payment history', '电费', '账单', '余额', '欠费', '缴费', '交费', '扣费', '扣款', '用电量', '发票', '度电', '违约金', '预存', '退费', '到账', '点费', '交了',
    'bill', 'bills', 'balance', 'payment', 'paid', 'charge', 'charged', 'invoice', 'arrears', 'usage', 'kwh', 'owe', 'debit', 'refund', 'overdue', 'due', 'statement', 'topped'],
  ask: ['查一下', '查下', '帮我查', '帮忙查', '核对', '核实', '看一下', '看看', '告诉我', '是多少', '有没有', '到了没', '好了没', '什么时', 'check my', 'you check', 'tell me', 'look up', 'find my', 'how many', 'has the', 'was my', 'there any', 'any progress', 'any update', '查', '多少', '是多少', '进度', '几号', '到哪', '结果', '记录', '明细', '确认', 'check', 'how much', 'status', 'did my', 'has my', 'what is', 'whats my', 'is my', 'update on', 'when was', 'which'],
  how: ['请问', '咨询', '了解', '问一下', '问问', '想问', '怎样', '哪里', '在哪', '多久', '收费吗', '标准', '区别', '要求', '条件', '办法', 'where', 'what is', 'what are', 'how long', 'much does', 'is it', 'are there', 'difference', 'requirements', 'conditions', 'standard', 'allowed', 'advice', '怎么', '如何', '咋', '能不能', '可以', '规定', '政策', '流程', '需要', '什么', '啥', '是不是', '要不要', '吗', 'how do', 'how does', 'how is', 'how can', 'what are', 'rules', 'rule', 'policy', 'can i', 'is there', 'should i', 'do i', 'what should', 'procedure', 'requirements'],
  tariff: ['电价', '峰谷', '阶梯', '价格', '分时', '谷时', '一度', '涨价', 'tariff', 'rate', 'rates', 'price', 'prices', 'off peak', 'peak', 'tier', 'tiered', 'kwh right'],
  apply: ['报装', '装表', '装个', '新户', '开户', '分户', '更名', '改名', '户名改', '移表', '挪表', '拆表', '销户', '停用', '恢复用', '改成商', '充电桩', '并网', '专线', '双电源', 'open a', 'new account', 'new meter', 'separate meter', 'relocate', 'the account', 'switch the', 'grid connection', 'dedicated line', 'install a', 'raise', 'increase my', '申请', '办理', '报装', '新装', '增容', '减容', '过户', '销户', '更名', '迁移', '移到', '挪', '暂停', '开户', '分户', '合并', '通电', '接电', '开通', '装个', '想装', '改成', '三相', '拆表', '临时用',
    'apply', 'application', 'new connection', 'capacity', 'transfer', 'close', 'suspend', 'install', 'upgrade', 'move my', 'moved', 'set up', 'sign me', 'connect', 'three phase', 'split', 'merge', 'combine', 'remove the', 'temporary', 'resume', 'turned on'],
  thanks: ['赞', '好评', '给力', '及时', '负责', '热情', '客气', '贴心', '感动', '效率高', 'compliment', 'appreciate', 'appreciated', 'wonderful', 'helpful', 'kind', 'quick', 'professional', 'thoughtful', 'top marks', 'grateful', '谢谢', '感谢', '辛苦', '表扬', '点赞', '好评', '满意', '五星', '专业', '耐心', '客气', 'thank', 'thanks', 'praise', 'kudos', 'great', 'well done', 'cheers', 'lovely', 'credit', 'polite', 'patient', 'happy', 'stars'],
  suggest: ['提议', '最好', '可否', '是否可', '如果能', '要是能', '加个', '增加一', '改进', '完善', 'idea', 'improve', 'would help', 'would help', 'be nice', 'please add', 'should add', 'how about', 'wish', '建议', '希望', '提个', '意见', '能否', '多发', '增加', 'suggest', 'suggestion', 'would be', 'could you', 'consider', 'feedback', 'maybe', 'it would', 'add'],
  // The safety rules' words (classify.ts): a report or theft said outright, whatever the model thinks.
  misconduct: ['举报', '贿', '受贿', '行贿', '偷电', '窃电', '绕表', '回扣', '好处费', '吃拿卡', '私接', '偷接', '短接', '改表', '纪检', '绕过',
    // Money asked for or handed over off the books, in words that mean nothing else.
    '茶水费', '收红包', '要红包', '包红包', '塞红包', '个人微', '私人微', '转他个', 'tea money', 'red envelope', 'red envelopes', 'red packet', 'his personal',
    // Misconduct named outright: extortion, embezzlement, collusion, favouritism.
    '索要', '索贿', '吃回扣', '收受', '贪污', '挪用', '私吞', '中饱私', '勾结', '串通', '徇私', '包庇', '以权谋', '敲诈', '勒索',
    'embezzle', 'embezzling', 'embezzlement', 'collusion', 'colluding', 'in cahoots', 'the take', 'blind eye', 'extortion', 'extort', 'shakedown', 'hush money', 'bribed', 'kickbacks', 'backhander',
    'bribe', 'bribes', 'bribery', 'kickback', 'theft', 'bypassed', 'tampered', 'unmetered', 'corruption', 'stealing electricity', 'stealing power', 'steals power', 'steal electricity', 'power theft', 'electricity theft'],
  // Fault triage (triage.ts): fire, sparks, smoke or a shock; a line on the ground.
  emergency: ['火花', '冒火', '着火', '起火', '冒烟', '打火', '触电', '电到我', '电到人', '电打', '噼里啪', '烧塑', '糊味', '烧着', '火苗', '火光', '烧起', '火星', '冒黑烟', '被电',
    'spark', 'sparks', 'sparking', 'fire', 'smoke', 'smoking', 'burning', 'shock', 'shocked', 'electrocuted', 'arcing', 'flames', 'zapped', 'on fire'],
  wiredown: ['掉下', '掉在', '掉到', '掉地', '地上', '落地', '拖在', '垂到', '在地上', '断的', 'wire down', 'line down', 'downed', 'fallen', 'fell', 'the ground', 'live wire', 'lying'],
  // Something that happened before: a complaint about it more often than a fault to fix now.
  past: ['昨天', '昨晚', '前天', '上周', '上礼拜', '上个月', '上次', '上回', '去年', '那次', '之前', '当时', '以前',
    'yesterday', 'last night', 'last week', 'last month', 'last time', 'last year', 'previous', 'earlier', 'back in', 'the other'],
  // What a customer was or was not told: outage notices and callbacks, the stuff of complaints and suggestions.
  notice: ['通知', '短信', '提前', '告知', '公告', '回电', '回复', 'notice', 'notices', 'warning', 'notified', 'informed', 'text', 'texts', 'heads up', 'callback', 'call back'],
  // Relatives and friends given work or favours: nepotism, a report for the discipline-inspection office.
  relatives: ['亲戚', '小舅子', '舅子', '小姨子', '侄子', '外甥', '老婆', '连襟', '表弟', '堂弟', '家属', '女婿', '儿子', '熟人',
    'relative', 'relatives', 'nephew', 'niece', 'cousin', 'brother in', 'in law', 'his wife', 'his son', 'his brother', 'his mate', 'family firm', 'friends and'],
  contract: ['工程', '承包', '包给', '外包', '项目', '采购', '合同', '招标', '招人', '临时工', '活全',
    'contract', 'contracts', 'contractor', 'tender', 'tenders', 'firm', 'company', 'jobs', 'work to', 'hiring', 'hires', 'procurement'],
  urgent: ['急', '快', '尽快', '赶紧', '危险', '马上', 'urgent', 'hurry', 'asap', 'quick', 'dangerous', 'help', 'now'],
};
