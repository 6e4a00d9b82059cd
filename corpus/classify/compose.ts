/**
 * Composed training messages: templates with slots, filled from small word
 * lists by a seeded random, so the model sees the same intent said many ways
 * (colloquial and dialect words, no keyword at all, two topics, polite and
 * indirect reports, texting English) rather than one wording per intent.
 * Written from the domain (DOMAIN.md's ticket types) and the source files'
 * kinds of message, never from the held-out set.
 *
 * Template syntax: `{slot}` is one entry of that slot's list (entries may
 * hold slots and choices themselves); `[a|b|]` is one of the choices (an
 * empty choice makes the part optional). Fault templates start with their
 * triage, as the source files do (`N|`, `C|`, `E|`).
 */
import type { TicketType } from '../../functions/tickets/ticket';
import { seededRandom } from '../../functions/shared/prng';
import type { CorpusLine, Triage } from './build-train';

type Slots = Readonly<Record<string, readonly string[]>>;
type Templates = Readonly<Record<TicketType, readonly string[]>>;

const ZH_SLOTS: Slots = {
  hi: ['', '', '', '你好，', '您好，', '喂，', '师傅，', '客服你好，', '麻烦问下，', '打扰一下，', '哎，', '急！', '在吗，', '请问，', '那个，', '喂喂，'],
  end: ['', '', '', '。', '！', '！！', '？', '谢谢', '，谢谢', '，麻烦了', '，辛苦了', '，快点', '，急', '啊', '呀', '哈', '~', '。。。', '，麻烦尽快'],
  me: ['我家', '我们家', '俺家', '家里', '屋里', '我这', '我们这', '我屋头', '我家里'],
  wide: ['整个小区', '整栋楼', '整条街', '全村', '我们这一片', '附近几个小区', '楼上楼下', '隔壁几家', '这一排铺子', '我们单元', '整个村子', '对面几栋楼', '这片区', '整个厂区', '我们镇上'],
  addr: ['{district}{road}{n}号', '{estate}{n}栋{n}单元', '{estate}{n}号楼', '{district}{estate}', '{village}{n}组', '{road}和{road}路口'],
  district: ['西湖区', '滨江区', '朝阳区', '天河区', '武侯区', '江干区', '海淀区', '南山区', ''],
  road: ['文三路', '古墩路', '建国路', '人民路', '解放路', '中山路', '江南大道', '学院路', '新华街'],
  estate: ['幸福小区', '阳光花园', '金色家园', '翠苑二区', '锦绣华庭', '东方小区', '和平新村'],
  village: ['李家村', '王庄', '石桥村', '张家湾'],
  n: ['1', '2', '3', '5', '8', '12', '16', '23', '68', '101', '168'],
  when: ['从早上', '从昨晚', '半小时前', '刚才', '下午两点多', '从中午', '一个多小时前', '晚上七点', '今天凌晨', '十分钟前', '昨天半夜', '吃完饭那会'],
  howlong: ['两个小时了', '一上午了', '半天了', '一晚上了', '三个多小时了', '快一天了', '好久了', '一个钟头了'],
  off: ['停电了', '没电了', '黑了', '一点电都没有', '灯全灭了', '电突然断了', '来不了电', '没有电了', '电停了', '没点了', '停点了', '断电了', '冇电', '莫得电了', '木有电了', '全黑了', '黑灯瞎火的', '啥电都没有'],
  noKeyword: ['灯都不亮了，电梯也不动了', '冰箱不响了空调也停了', '啥电器都用不了', '灯按了没反应，插座也没反应', '电视一下子关了，灯也灭了', '路灯和家里灯全灭了', '电梯卡住不动，楼道灯也不亮', '水泵不抽水了，灯也不亮', '路由器灯都灭了，冰箱也不转', '家里黑乎乎的，啥都开不了'],
  hurt: ['冰箱里的东西都要化了', '电梯停了，老人下不了楼', '空调不转，热死了', '孩子在写作业', '家里有老人，热得受不了', '水泵停了没法抽水', '店里没法营业', '手机快没电了', '鱼塘增氧机停了，鱼要死了', '冷库的货要坏了', '家里有病人要用制氧机', '明天还要上班'],
  cause: ['变压器那边砰的响了一声', '外面电线杆那边闪了一下', '刮了一阵大风之后', '打雷以后', '施工队挖断了线', '树倒了压在线上', '听到外面嘭一声', '配电房那边冒了一下'],
  askEta: ['啥时候来电', '什么时候能来电', '多久能修好', '咋回事', '啥情况', '是不是线路坏了', '能不能派人来看看', '赶紧派人来', '有没有人管', '要等多久'],
  emergency: ['电线掉在地上了，还在冒火花', '电表箱着火了', '电线杆倒了，线拖在路上', '有人被电到了', '线断了垂到地上', '配电箱在冒烟', '电线在冒火星子', '电线杆上噼里啪啦打火', '高压线断了掉在马路上', '变压器着火了', '墙里的线烧起来了，一股焦味', '电线垂得很低，小孩都摸得到'],
  custSide: ['跳闸了推不上去', '空开一推就跳', '就我家没电，邻居都有电', '漏保老跳', '一开空调就跳闸', '家里一半插座没电，另一半有电', '保险丝烧了', '总闸合不上', '厨房那一路没电了，别的房间有', '楼道有电，就我家没有', '电闸推上去又掉下来'],
  voltage: ['电压不稳，灯一闪一闪的', '电压太低，空调都开不起来', '灯忽明忽暗', '电压忽高忽低，烧了两个灯泡', '灯特别暗，电器带不动', '灯一直闪，闪得眼睛疼'],
  meterFault: ['电表不亮了，也不走', '电表在冒烟', '电表屏幕黑了，家里也没电', '电表箱里啪啪响'],
  billTopic: ['顺便问下这个月电费多少', '另外我电费交过了的', '对了我这个月电费咋这么高', '我电费是交了的啊', '顺便查下余额'],
  staff: ['抄表员', '抄表的', '装表的师傅', '你们的维修工', '营业厅一个工作人员', '供电所的一个人', '来换表的师傅', '你们的电工', '抢修的师傅', '供电所的所长', '客户经理', '检查员', '你们那个姓王的'],
  money: ['两百块', '五百', '一千块', '八百块钱', '三百', '几百块', '两千', '一条烟', '两条烟', '一箱酒', '一个红包', '好处费', '辛苦费', '加急费'],
  bribeAsk: ['让我给他{money}', '说给他{money}就行', '暗示要{money}', '开口要{money}', '跟我要{money}', '说要{money}才给办', '让我微信转{money}给他', '说私下给{money}可以不开票'],
  threat: ['不然就说我家表有问题', '不然就不给装', '不然就拖着不办', '不然要停我家电', '就可以少算电费', '就能马上通电', '就能帮我插队', '读数就能少抄点'],
  theftWho: ['隔壁', '楼下那家', '对面的厂子', '村口那家', '楼下的店铺', '邻居', '隔壁工地', '后面那个养殖场', '楼上那户'],
  theftHow: ['把电表绕过去了', '私拉了一根线接到电线杆上', '在电线杆上挂钩用电', '晚上偷偷接线', '电表装了磁铁，表都不走', '在挖矿，电表却不走字', '电表倒着走', '用的是公共电，从来不交钱', '把铅封弄开了', '从路灯上扯线用', '电表被动了手脚', '直接从外面接电不过表'],
  softOpen: ['不知道该不该说，', '这个事不好实名，', '我想反映个情况，', '匿名说一下，', '这事我憋了很久，', '不知道跟谁说，', '想悄悄反映一下，', '说了怕被报复，', '', '', ''],
  softQ: ['这正常吗', '这合规吗', '你们允许这样吗', '这样对吗', '是不是有问题', '你们管不管', '麻烦查一查', '希望有人查一下', '我觉得不太对劲'],
  bad: ['态度很差', '特别凶', '爱答不理', '不耐烦', '骂骂咧咧的', '一问三不知', '推来推去', '敷衍了事', '很不礼貌'],
  place2: ['营业厅', '客服电话', '热线', '供电所', '维修队', 'app客服', '抄表员'],
  cmpl: ['{staff}{bad}', '{place2}的人{bad}', '报修{howlong}都没人来，{late}', '{place2}打了[十几|好几|二十]次都打不通', '这个月已经停了[三|四|五]次电，也没人给个说法', '维修师傅把我家[墙|地板|柜子]弄坏了不赔', '约好上门结果没人来，也没打电话', '在营业厅排了[一个|两个]小时队没人管', '说好三天办完，[半个月|一个月]了还没动静', '多收了电费，反映了好几次都没下文', '停电也不提前通知，[冰箱|电脑|鱼缸]都坏了', '你们的人踢皮球，[这个|那个]部门推给那个部门'],
  late: ['太慢了', '这效率', '什么服务', '还有没有人管', '太让人失望了', '寒心'],
  angry: ['', '', '我要投诉', '太气人了', '必须给个说法', '你们到底管不管', '太离谱了', '我很不满意', '要求道歉', '要求赔偿'],
  queryObj: ['这个月电费', '上个月电费', '余额', '欠费', '缴费记录', '电表读数', '用电量', '账单', '这个月用了多少度', '违约金', '电费扣款', '预存的钱'],
  queryAsk: ['是多少', '多少钱', '有多少', '到账没', '帮我查下', '能查一下吗', '咋这么高', '怎么扣了两次', '对不对', '咋回事', '什么时候扣的'],
  acct: ['户号{acct_}', '户号是{acct_}', '我户号{acct_}', ''],
  acct_: ['33{d}', '3301{d}', '0{d}'],
  d: ['12345678', '87654321', '20451196', '55120934', '90817263'],
  status: ['我申请的新装', '我报的增容', '上次报修的单子', '我提交的过户', '申请的峰谷电', '退费申请', '我的电表更换'],
  consultObj: ['峰谷电价', '阶梯电价', '居民电价', '商业电价', '电动车充电桩', '光伏并网', '分时电价', '一户多人口政策', '电费发票', '临时用电', '电表校验', '自己装的发电机'],
  consultAsk: ['是怎么算的', '咋算的', '有什么规定', '要什么条件', '怎么申请', '收费吗', '是啥意思', '有啥区别', '需要啥材料', '在哪办', '多少钱一度', '划算吗'],
  appObj: ['新装一块电表', '增容', '减容', '过户', '改名', '销户', '暂停用电', '把电表挪个位置', '分户', '装充电桩', '光伏并网', '临时用电', '三相电', '商业用电改居民用电', '开通峰谷电'],
  appVerb: ['我想办', '我要申请', '想申请', '帮我办一下', '我们店要', '厂里要', '新房要', '能不能给我', '我想办理', '要办个'],
  thanks: ['谢谢{staff2}', '感谢{staff2}', '给{staff2}点个赞', '{staff2}太给力了', '表扬一下{staff2}', '{staff2}辛苦了'],
  staff2: ['抢修的师傅', '你们的师傅', '客服小姐姐', '抄表员', '营业厅的工作人员', '你们', '维修队', '那个姓李的师傅'],
  praiseWhy: ['大半夜还来修', '很快就修好了', '态度特别好', '很耐心', '冒着大雨来修', '半小时就到了', '讲得很清楚', ''],
  suggestion: ['建议停电前多发个短信', '希望app能查停电范围', '能不能加个方言客服', '建议抄表的时候通知一下', '希望营业厅周末也开', '可以搞个线上缴费提醒', '能否在停电通知里写上来电时间', '希望多来社区讲讲用电安全', '电费单字能不能大一点', '建议客服电话少点按键'],
  restored: ['已经来电了', '电来了', '现在好了', '恢复了', '有电了', '刚才停电现在好了'],
  outageGripe: ['三天两头停电', '这个月停了[三|四|五|六]次电', '停电也不提前通知', '说好五点来电，结果拖到半夜', '计划停电通知只提前了一天', '每次下雨就停电', '停电的时候热线根本打不进去', '停电把我家[冰箱|电视|电脑|空调]弄坏了', '一停电就是一整天', '停电通知写的时间根本不对'],
  gripeTail: ['你们到底管不管', '这是什么供电质量', '我要投诉', '必须给个说法', '损失谁来赔', '太不像话了', '能不能上点心', '老百姓的日子还过不过了', '我要求赔偿', '每次都是这样'],
  howApp: ['{appObj}需要什么材料', '{appObj}一般要多久', '{appObj}收费吗', '{appObj}要去哪里办', '{appObj}有什么条件', '{appObj}能在网上办吗', '{appObj}流程是怎样的'],
  misdeed: ['优先给自己亲戚家接电，我们排了半年', '让我们必须找他指定的电工，不然不给验收', '把我们的个人信息卖给了推销的', '把拆下来的旧电缆拉去私下卖了', '把抄表数据改了，多收的钱进了自己口袋', '收了电费不给开票，钱不知道去哪了', '因为跟我吵过架，故意拖着不给我家修', '上班时间开着公司的车办私事，还报加油费', '跟开发商吃吃喝喝，验收的时候睁一只眼闭一只眼', '逼我们买他推荐的电表箱，比外面贵一倍', '帮那家厂子瞒报用电量，好像拿了好处', '说交钱可以帮忙把欠费记录消掉'],
  idea: ['在app上加个停电地图', '停电前提前三天通知', '客服24小时都有人接', '营业厅周末也开门', '抄表前发个短信', '电费单上写清楚阶梯档位', '在小区装个缴费机', '停电短信加上英文', '多招点抢修的人', '热线加个人工快捷键', '老人交电费能上门收', '停电通知写上原因'],
  pastEvent: ['昨天停电', '上周我家跳闸', '前天电线被风刮断', '半夜停电', '上次电表坏了', '台风那天停电'],
  hazard: ['电表箱门开着，线都露在外面', '电线被树枝压着，刮风就打火', '电线杆被车撞歪了', '电线上挂了个风筝，线垂下来了', '变压器嗡嗡响，声音特别大', '水管上有电，摸一下麻手', '插座冒火花，还有焦味', '电缆井盖没了，里面的线泡在水里', '路边配电箱门被撬开了', '墙上的电线皮破了在冒烟'],
  flaky: ['一会儿来电一会儿停', '电时有时无', '灯老是闪', '三相电缺了一相，电机转不了', '电压太高，灯泡烧了好几个', '家里零线带电', '每隔几分钟断一次电'],
  queryMore: ['我这个月到第几档了', '自动扣款扣了没', '预付费还剩多少度', '交的钱咋还没到账', '退费退到哪了', '我的户号是多少', '电费单能发一份给我吗', '上个月是按多少度算的', '违约金是咋算出来的', '欠费通知是真的吗，我查查'],
  consultMore: ['停电计划在哪能看到', '家里电线坏了归谁修', '电表读数在哪看', '智能电表准不准', '电费能用微信交吗', '营业厅几点下班', '出租屋的电价跟居民一样吗', '家里装光伏划算吗', '停电会不会提前通知', '电费发票怎么开', '夏天有没有电价优惠', '电表多久换一次'],
  cmplMore: ['营业员一直玩手机不理人', '电费莫名其妙涨了，客服也说不清楚', '抢修车把我家门口的花坛压坏了', '装表的把墙打了个洞就走了', '回访电话半夜打过来', '短信一天发好几条，烦死了', '客服让我等回电，等了三天没消息', '抄表员不上门，估着抄，电费乱收', '工作人员说话带脏字', '修好了没打扫，满地电线头'],
  appMore: ['想把电表从一楼挪到二楼', '装修要开个临时电', '房东要分户，一户一表', '农村自建房要通电', '磨面机要装个三相电', '小区车位要装充电桩', '店铺要改成居民用电', '出国一年，想暂停用电', '老人去世了，户名要改成我的', '厂房要增容到两百千伏安', '想把两个户号合并成一个'],
  okThanks: ['好的，谢谢', '收到，谢谢', '明白了，谢谢解答', '知道了，辛苦了', '谢谢客服耐心解答', '问题解决了，谢谢'],
  selfFixed: ['不用来了，是我家自己的开关，已经好了', '刚才那条不用管了，{restored}', '没事了，{restored}', '好了好了，{restored}', '{restored}，刚才报的取消吧'],
};

/** Chinese templates by type. */
const ZH: Templates = {
  fault_report: [
    'N|{hi}{me}{off}{end}', 'N|{hi}{me}{when}就{off}，{askEta}{end}', 'N|{hi}{wide}都{off}，{askEta}{end}', 'N|{hi}{addr}{off}，{hurt}{end}',
    'N|{hi}{wide}{off}，{hurt}，{askEta}{end}', 'N|{hi}{me}{off}{howlong}，{askEta}{end}', 'N|{hi}{cause}，{wide}都{off}{end}', 'N|{hi}{noKeyword}{end}',
    'N|{hi}{noKeyword}，{askEta}{end}', 'N|{hi}{addr}，{noKeyword}，{hurt}{end}', 'N|{hi}{me}[咋|怎么|为啥][又|]{off}？{askEta}{end}', 'N|{hi}{me}{off}，{billTopic}{end}',
    'N|{hi}{wide}{off}，{billTopic}{end}', 'N|{hi}{voltage}，[隔壁也一样|好几家都这样|整栋楼都这样]{end}', 'N|{hi}{me}{voltage}{end}', 'N|{hi}{cause}，[然后|接着|结果]{me}就{off}{end}',
    'E|{hi}{emergency}{end}', 'E|{hi}{addr}{emergency}，快来人{end}', 'E|{hi}[门口|路边|楼下|村口|学校门口]{emergency}，[很危险|太吓人了|快派人|小孩在边上玩]{end}', 'E|{hi}{emergency}，{wide}都{off}{end}',
    'C|{hi}{custSide}{end}', 'C|{hi}{me}{custSide}，[咋办|怎么办|能不能来看看|要不要找电工]{end}', 'C|{hi}{custSide}，{me}{off}{end}', 'N|{hi}{meterFault}{end}',
    'E|{hi}{hazard}{end}', 'E|{hi}{addr}{hazard}，[快来处理|太危险了|小孩老从这过]{end}', 'N|{hi}{flaky}{end}', 'N|{hi}{me}{flaky}，[咋回事|能来看看吗|好几天了]{end}',
    'N|{hi}停电{howlong}了，{askEta}{end}', 'N|{hi}{me}刚{off}，[是不是计划停电|有没有通知|是不是在检修]{end}', 'N|{hi}{off}{off}{end}', 'N|{hi}{addr}，{off}',
  ],
  information_query: [
    '{hi}[电费|账单|这个月电费|电费单][咋|怎么|又][这么高|错了|不对|多了|算错了|翻倍了|乱扣]{end}', '{hi}[电费|账单|读数][又|好像|感觉][错了|不对|有问题][，帮忙查查|，查一下|]{end}', '{hi}[my bill|the bill|this bill] [is wrong again|looks too high|doesnt add up|is double again]{end}',
    '{hi}{queryMore}{end}', '{hi}{acct}，{queryMore}{end}', '{hi}[问下|想查下|帮我看看]，{queryMore}{end}', '{hi}{queryObj}{queryAsk}{end}', '{hi}{acct}，{queryObj}{queryAsk}{end}', '{hi}帮我查下{queryObj}{end}', '{hi}我想知道{queryObj}{queryAsk}{end}',
    '{hi}{status}办得[咋样|怎么样]了{end}', '{hi}{status}[有进度了吗|到哪一步了|啥时候好]{end}', '{hi}我[昨天|上周|前天]交的电费[到账没|怎么还显示欠费]{end}', '{hi}不是停电啊，我就想问下{queryObj}{queryAsk}{end}',
    '{hi}{queryObj}[咋|怎么|为啥][这么|那么]高，帮我查查{end}', '{hi}[手机|app]上显示欠费，我明明交了，[帮忙看看|查一下]{end}', '{hi}{acct_}，{queryObj}{end}', '{hi}能不能发我[上个月|这个月|去年]的{queryObj}{end}',
  ],
  consultation: [
    '{hi}{consultMore}{end}', '{hi}[问一下|想咨询下|请问]，{consultMore}{end}', '{hi}{consultObj}{consultAsk}{end}', '{hi}请问{consultObj}{consultAsk}{end}', '{hi}想了解一下{consultObj}{end}', '{hi}[我想问问|问一下|咨询下]{consultObj}{consultAsk}{end}',
    '{hi}[停电的话|计划停电|检修]一般[提前几天通知|多久能恢复|怎么查]{end}', '{hi}家里电线老化了，[你们能改吗|找谁修|要自己花钱吗]{end}', '{hi}租房的电费[该谁交|怎么算]{end}', '{hi}[咋|怎么]绑定户号{end}',
    '{hi}{consultObj}跟{consultObj}有[啥|什么]区别{end}', '{hi}请问{howApp}{end}', '{hi}{howApp}{end}', '{hi}[想先了解下|先问问]，{howApp}{end}', '{hi}电表[走得快|走得有点快]，[能校验吗|怎么申请校验|校验收费吗]{end}',
  ],
  complaint: [
    '{hi}{cmplMore}{end}', '{hi}{cmplMore}，{angry}{end}', '{hi}{cmplMore}，{cmplMore}{end}', '{hi}{cmpl}，{angry}{end}', '{hi}{angry}，{cmpl}{end}', '{hi}我要投诉{cmpl}{end}', '{hi}{cmpl}，{late}{end}',
    '{hi}[上个月|这个月|今年]停了好几次电，每次都没通知，{angry}{end}',
    '{hi}{outageGripe}，{gripeTail}{end}', '{hi}{outageGripe}，{outageGripe}，{gripeTail}{end}', '{hi}{gripeTail}！{outageGripe}{end}', '{hi}打{place2}[没人接|老是占线|转来转去]，{angry}{end}', '{hi}{cmpl}，[这不是第一次了|已经好几次了|我忍很久了]{end}', '{hi}电来了，但是{cmpl}，{angry}{end}',
  ],
  whistleblowing_report: [
    '{hi}{softOpen}{staff}{bribeAsk}，{threat}{end}', '{hi}{softOpen}{theftWho}{theftHow}{end}', '{hi}{softOpen}{staff}{bribeAsk}，{softQ}{end}', '{hi}{softOpen}{theftWho}{theftHow}，{softQ}{end}',
    '{hi}我要举报{theftWho}偷电，{theftHow}{end}', '{hi}我要举报{staff}收[红包|好处|钱|回扣]{end}', '{hi}{staff}[私下|偷偷]收钱[帮人|给人][改读数|少抄电量|插队办电|不查偷电]{end}', '{hi}{softOpen}有人冒充[供电局|电力公司]的人上门收[钱|检查费|押金]{end}',
    '{hi}{staff}跟{theftWho}[串通|勾结|是一伙的]，{theftHow}{end}', '{hi}{softOpen}{staff}{misdeed}{end}', '{hi}{softOpen}{staff}{misdeed}，{softQ}{end}', '{hi}[反映个事|有个情况要反映|想反映一下你们内部的问题]，{staff}{misdeed}{end}', '{hi}{staff}{misdeed}，[希望纪检查一查|希望严肃处理|我可以提供照片|我不想留名字]{end}',
    '{hi}[你们的人收钱办事|工作人员吃拿卡要|员工收红包]，[去哪里举报|找谁反映|这个归谁管|能不能匿名反映]{end}', '{hi}{staff}{bad}，还{bribeAsk}{end}', '{hi}{staff}{bribeAsk}，我没给，[结果就一直拖着|他就不给办|就说我家线路不合格]{end}', '{hi}[请问|想问下]{staff}{bribeAsk}[正常吗|是规定吗|是你们的收费标准吗]{end}', '{hi}{softOpen}{staff}说{money}就能{threat}，{softQ}{end}', '{hi}{staff}来了以后[暗示|说]要[请吃饭|买条烟|意思意思]，{softQ}{end}', '{hi}{theftWho}{theftHow}，{staff}[知道也不管|收了钱就走了|每次都不查]{end}',
  ],
  service_application: [
    '{hi}{appMore}{end}', '{hi}{appMore}，[咋办|怎么弄|帮忙安排下|要带啥]{end}', '{hi}{appVerb}{appObj}{end}', '{hi}{appVerb}{appObj}，[要啥材料|怎么弄|去哪办|流程是啥]{end}', '{hi}{acct}，{appVerb}{appObj}{end}', '{hi}[房子卖了|刚买了房|店铺转让了|租户走了]，{appVerb}{appObj}{end}',
    '{hi}[我们厂|店里|大棚|工地|新房]需要{appObj}，帮忙安排{end}', '{hi}[申请|办理]{appObj}{end}', '{hi}{addr}，{appVerb}{appObj}{end}',
  ],
  suggestion_praise: [
    '{hi}{thanks}{end}', '{hi}{thanks}，{praiseWhy}{end}', '{hi}{restored}，{thanks}{end}', '{hi}{restored}，不用派人了{end}',
    '{hi}{suggestion}{end}', '{hi}[提个建议|有个建议|一点小建议]，{suggestion}{end}', '{hi}[能不能|可不可以|要是能|为啥不|希望以后能]{idea}[就好了|吧|？|，方便很多|]{end}', '{hi}{pastEvent}，{staff2}[来得很快|处理得很好|很负责|半夜还赶过来]，[谢谢|点赞|辛苦了|表扬一下]{end}', '{hi}[我觉得|个人觉得]{idea}会更好{end}',
    '{hi}{okThanks}{end}', '{hi}{selfFixed}{end}', '{hi}[对你们的服务很满意|服务越来越好了|比以前方便多了]，{thanks}{end}', '{hi}[给你们提个意见|说句心里话]，{suggestion}{end}', '{hi}{staff2}{praiseWhy}，[必须表扬|点赞|五星好评|谢谢]{end}', '{hi}{suggestion}，[谢谢|辛苦了|希望采纳]{end}',
  ],
};

const EN_SLOTS: Slots = {
  hi: ['', '', '', 'Hi, ', 'Hello, ', 'hey ', 'Hi there, ', 'Good morning, ', 'Excuse me, ', 'Urgent: ', 'hiya ', 'Dear sir/madam, ', 'um ', 'Quick one - '],
  end: ['', '', '', '.', '!', '!!', '?', ' thanks', ', thanks', ' pls', ', please help', ' asap', '...', ' thx', ', cheers', ' :('],
  me: ['my house', 'our flat', 'my place', 'our home', 'the house', 'my apartment', 'our shop', 'my unit', 'the office', 'our farm'],
  wide: ['the whole street', 'the whole building', 'our entire block', 'the whole estate', 'half the street', 'all the houses on our road', 'the whole village', 'everyone on our floor', 'the neighbours and us', 'the whole area', 'all of our lane'],
  addr: ['{n} {road}', 'flat {n}, {n} {road}', 'unit {n} {estate}', '{road} near the school', 'the corner of {road} and {road}'],
  road: ['High Street', 'Park Road', 'Station Rd', 'Elm Avenue', 'Mill Lane', 'Church St', 'King Street', 'Riverside Drive'],
  estate: ['Greenfield Estate', 'Oak Court', 'Harbour View', 'Sunny Gardens'],
  n: ['2', '5', '12', '17', '23', '41', '88', '102'],
  when: ['since 7pm', 'since this morning', 'for two hours', 'since lunchtime', 'since about 6', 'for an hour now', 'since last night', 'since the storm', 'for ages'],
  off: ['no power', 'the power is out', 'the power went off', 'the lights went out', 'there is no electricity', 'power cut', 'blackout', 'the power is off', 'everything went dark', 'no electric', 'the power died', 'lost power', 'no pwr', 'no juice', 'been dark'],
  offVerb: ['has no power', 'is dark', 'lost power', 'is without power', 'went dark', 'has had no power', 'is out'],
  noKeyword: ['nothing works, the fridge and lights just stopped', 'lights wont turn on and the lift is stuck', 'the tv, wifi and fridge all died at once', 'none of the sockets or lights are working', 'everything in the house just switched off', 'the street lights and our lights all went at once', 'the pump stopped and the lights are off too', 'all the appliances stopped at the same time'],
  hurt: ['the fridge is defrosting', 'my mum is on oxygen at home', 'the lift is stuck', 'its freezing in here', 'kids cant do their homework', 'the shop cant open', 'the freezer is full of food', 'the sump pump stopped', 'my phone is almost dead'],
  cause: ['there was a loud bang from the transformer', 'after the storm', 'a tree came down on the lines', 'the builders dug through a cable', 'there was a flash outside', 'after the lightning', 'a truck hit the pole'],
  askEta: ['when will it be back', 'any idea when its fixed', 'whats going on', 'is it a planned outage', 'can someone come', 'please send someone', 'how long will it take', 'is there an outage', 'whats the ETR'],
  emergency: ['a wire is down on the road and sparking', 'the meter box is on fire', 'a pole fell over and the line is on the ground', 'someone got a shock from a lamp post', 'a live wire is hanging low over the pavement', 'the transformer is smoking', 'sparks are coming off the line outside', 'the cable is burning and there is smoke', 'a power line snapped and is lying in the street', 'there are flames at the top of the pole', 'i can smell burning from the meter box and the lights are flickering'],
  custSide: ['the breaker keeps tripping', 'my trip switch wont reset', 'only my flat is out, the neighbours have power', 'the rcd trips every time i use the kettle', 'half my sockets dont work but the lights do', 'the fuse blew', 'the main switch keeps flipping off', 'the kitchen circuit is dead, the rest is fine'],
  voltage: ['the lights keep flickering', 'the voltage is really low, the ac wont start', 'lights are dim and keep flashing', 'there was a surge and it blew two bulbs', 'the power keeps dipping on and off'],
  meterFault: ['the meter display is blank and nothing works', 'the meter is smoking', 'my meter screen went dark and theres no power', 'the meter is buzzing and clicking'],
  billTopic: ['also whats my balance', 'and btw my bill is paid up', 'also why was my bill so high', 'i did pay my bill', 'also can you check my account'],
  staff: ['the meter reader', 'your engineer', 'a guy from your company', 'the technician', 'a clerk at the service hall', 'the installer', 'one of your crew', 'the inspector', 'the account manager', 'your repairman', 'the man who changed our meter', 'the local supply office manager'],
  money: ['200 yuan', 'some cash', '500', 'a red envelope', 'a carton of cigarettes', 'a few hundred', 'a tip', 'something extra', 'a little gift', 'coffee money', 'a fee in cash'],
  bribeAsk: ['asked me for {money}', 'wanted {money}', 'hinted he wanted {money}', 'said I should give him {money}', 'told me to transfer {money} to his own account', 'asked for {money} with no receipt', 'said {money} would help'],
  threat: ['or he would say my meter was faulty', 'to speed up my application', 'to lower my reading', 'or the connection would take months', 'to skip the inspection', 'to make my bill smaller', 'to get my power on today'],
  theftWho: ['my neighbour', 'the shop downstairs', 'the factory next door', 'the farm down the road', 'the guy upstairs', 'the restaurant on the corner', 'the building site opposite', 'someone on our street'],
  theftHow: ['has bypassed the meter', 'runs a cable straight from the pole', 'hooks onto the line at night', 'has a magnet on the meter', 'is mining crypto and the meter never moves', 'has a meter that runs backwards', 'broke the seal on the meter', 'takes power from the street light', 'is connected without any meter', 'has fiddled with the meter'],
  softOpen: ['Not sure if I should say this, but ', 'I would rather stay anonymous. ', 'This is a bit sensitive: ', 'Please keep my name out of it, ', "I don't want to get anyone in trouble, but ", 'I think someone should look into this: ', '', '', ''],
  softQ: ['is that normal', 'is that allowed', 'that doesnt seem right', 'can someone look into it', 'is this how things work', 'i dont think thats ok', 'who should i tell'],
  bad: ['was really rude', 'shouted at me', 'hung up on me', 'was so unhelpful', 'ignored me', 'was condescending', 'kept passing me around'],
  place2: ['the hotline', 'customer service', 'the service hall', 'your call centre', 'the repair crew', 'your app support'],
  cmpl: ['{staff} {bad}', '{place2} {bad}', 'I reported a fault {when2} and nobody came', 'ive called {place2} [ten|fifteen|20] times and nobody answers', 'we have had [three|four|five] outages this month with no explanation', 'your crew damaged my [fence|garden|wall] and wont pay', 'the engineer never turned up for the appointment', 'i waited [an hour|two hours] at the service hall', 'my application was promised in 3 days and its been [a month|weeks]', 'ive been overcharged and nobody fixes it', 'you cut the power without notice and my [freezer|computer] broke'],
  when2: ['yesterday', 'last week', 'three days ago', 'this morning', 'two days ago'],
  angry: ['', '', 'I want to make a complaint', 'this is unacceptable', 'I want an explanation', 'I am furious', 'absolutely ridiculous', 'I expect compensation', 'I want an apology', 'very disappointed'],
  queryObj: ['my balance', 'my bill this month', 'last months bill', 'how much I owe', 'my meter reading', 'my usage', 'my payment', 'the late fee', 'my account', 'my direct debit'],
  queryAsk: ['can you check', 'what is', 'please tell me', 'can you look up', 'did you get', 'why is it so high', 'whats up with'],
  acct: ['account {acct_}', 'acct no {acct_}', 'my account number is {acct_}', ''],
  acct_: ['3312345678', '3387654321', '3320451196', '3355120934'],
  status: ['my new connection application', 'my capacity upgrade', 'the repair I reported', 'my name transfer', 'my refund', 'my meter replacement'],
  consultObj: ['peak and off peak rates', 'the tiered tariff', 'the residential rate', 'business rates', 'solar feed-in', 'time of use pricing', 'EV charging tariffs', 'meter testing', 'planned maintenance', 'a backup generator', 'the price per kwh'],
  consultAsk: ['how does {consultObj} work', 'what are the rules on {consultObj}', 'how much is {consultObj}', 'is {consultObj} worth it', 'what do I need for {consultObj}', 'where can I read about {consultObj}', 'whats the difference between {consultObj} and {consultObj}'],
  appObj: ['a new connection', 'a capacity increase', 'a separate meter', 'the account moved into my name', 'my account closed', 'the supply suspended while we renovate', 'the meter moved', 'an EV charger connection', 'solar connected to the grid', 'a temporary supply for building work', 'three phase power', 'the two meters merged'],
  appVerb: ['I want to apply for', 'I would like', 'we need', 'please set up', 'can I get', 'how do I apply for', 'id like to request', 'sign me up for'],
  thanks: ['thanks to {staff2}', 'big thank you to {staff2}', 'kudos to {staff2}', 'please pass my thanks to {staff2}', '{staff2} did a great job', 'really grateful to {staff2}'],
  staff2: ['the repair crew', 'your engineer', 'the lady on the hotline', 'the technician', 'the guys who came out', 'your team', 'the meter reader'],
  praiseWhy: ['for coming out in the rain', 'fixed it in no time', 'very patient with my mum', 'explained everything clearly', 'worked all night', ''],
  suggestion: ['it would be great if outage texts gave an ETR', 'could you add an outage map to the app', 'please send a text before the meter reading', 'maybe open the service hall on weekends', 'you should have a dialect option on the hotline', 'please make the bill font bigger', 'suggestion: let us pay by wechat', 'how about a reminder before the due date', 'consider fewer menu options on the phone line'],
  restored: ['power is back now', 'its back on', 'the lights came back', 'all good now, power returned', 'power came back a minute ago', 'never mind, its back'],
  outageGripe: ['we have had [three|four|six] outages this month', 'there was no notice before the outage', 'the planned outage ran [five hours|all day] over', 'only one days notice for a planned outage', 'every time it rains the power goes', 'nobody answers the phone during an outage', 'the outage fried my [tv|fridge|computer]', 'the outage text had the wrong times'],
  gripeTail: ['sort out your network', 'this is not acceptable', 'I want to complain', 'who pays for the damage', 'I expect compensation', 'what kind of service is this', 'every single time', 'please escalate this'],
  howApp: ['what documents do I need for {appObj}', 'how long does {appObj} take', 'is there a charge for {appObj}', 'where do I go for {appObj}', 'what are the conditions for {appObj}', 'can {appObj} be done online'],
  misdeed: ['connects his relatives first while we wait months', 'makes us use his own electrician or he wont sign off', 'sold our personal details to salesmen', 'took the old cable away and sold it privately', 'changes readings and keeps the difference', 'takes cash for bills and gives no receipt', 'is dragging out our repair on purpose because we argued', 'uses the company van for private jobs and claims the fuel', 'gets dinners from the developer and passes the inspection without looking', 'forces us to buy a meter box from his cousin at double the price', 'hides the factorys real usage, probably for a cut', 'offered to wipe our arrears record for a payment'],
  pastEvent: ['when the power went out yesterday', 'when my breaker tripped last week', 'after the storm brought the line down', 'during the outage last night', 'when our meter broke'],
  hazard: ['the meter box door is hanging open with bare wires', 'a branch is resting on the line and it sparks in the wind', 'a car knocked the pole and its leaning badly', 'a kite is caught on the wires and they are sagging', 'the transformer is humming really loud', 'i got a tingle from the water tap', 'the socket sparked and smells burnt', 'the cable pit cover is gone and the wires are in water', 'the street cabinet has been broken open'],
  flaky: ['the power keeps coming and going', 'we lose power every few minutes', 'one phase is missing and the motor wont run', 'the voltage is too high and bulbs keep blowing', 'the lights dim every evening and the fridge cuts out'],
  queryMore: ['which tier am I on this year', 'did the direct debit go out', 'how many units are left on my prepaid meter', 'why hasnt my payment shown up', 'where is my refund', 'what is my account number', 'can you email me my bill', 'what reading was last months bill based on', 'how was the late fee worked out', 'is this arrears letter real'],
  consultMore: ['where can I see planned outages', 'who is responsible for wiring inside the house', 'how do I read my meter', 'are smart meters accurate', 'can I pay by wechat', 'what time does the service hall close', 'is the rate for a rented flat the same', 'is rooftop solar worth it', 'do you warn before planned outages', 'how do I get a vat invoice', 'how often are meters replaced'],
  cmplMore: ['the clerk was on her phone the whole time and ignored me', 'my bill jumped and nobody could explain why', 'your repair truck drove over my flower beds', 'the fitter drilled a hole in my wall and left it', 'your survey call came at 11pm', 'you send me five texts a day, stop it', 'i was promised a call back three days ago and nothing', 'the meter reader never comes and just estimates', 'your engineer swore at me', 'they left bits of cable all over my garden'],
  appMore: ['i want to move the meter to the garage', 'we need a temporary supply for the renovation', 'the landlord wants one meter per flat', 'my new self built house needs connecting', 'i need three phase for a workshop', 'we want chargers in the car park', 'please change our shop back to a residential account', 'im abroad for a year, please suspend my supply', 'my father passed away, put the account in my name', 'please merge my two accounts'],
  okThanks: ['ok thanks', 'got it, thank you', 'thanks, that answers it', 'understood, cheers', 'thanks for explaining', 'problem solved, thank you'],
  selfFixed: ['no need to come, it was my own switch and its fine now', 'ignore my last message, {restored}', 'cancel that, {restored}', '{restored}, sorry for the bother'],
};

/** English templates by type. */
const EN: Templates = {
  fault_report: [
    'N|{hi}{off} at {me}{end}', 'N|{hi}{me} {offVerb} {when}, {askEta}{end}', 'N|{hi}{wide} {offVerb} {when}{end}', 'N|{hi}{off} at {addr}, {hurt}{end}',
    'N|{hi}{wide} {offVerb}, {hurt}, {askEta}{end}', 'N|{hi}{cause} and now {wide} {offVerb}{end}', 'N|{hi}{noKeyword}{end}', 'N|{hi}{noKeyword}, {askEta}{end}',
    'N|{hi}{addr} - {noKeyword}{end}', 'N|{hi}{off} again?? {askEta}{end}', 'N|{hi}{off} {when}, {billTopic}{end}', 'N|{hi}{me} {offVerb}, {billTopic}{end}',
    'N|{hi}{voltage}, [the neighbours too|the whole street has it|next door as well]{end}', 'N|{hi}{voltage} at {me}{end}', 'N|{hi}{meterFault}{end}', 'N|{hi}{off}{end}',
    'E|{hi}{emergency}{end}', 'E|{hi}{emergency} at {addr}{end}', 'E|{hi}{emergency}, [kids walk past here|its dangerous|please hurry|someone will get hurt]{end}', 'E|{hi}{emergency} and {wide} {offVerb}{end}',
    'C|{hi}{custSide}{end}', 'C|{hi}{custSide}, [what do I do|can you send someone|do I need an electrician]{end}', 'C|{hi}{custSide} and {me} {offVerb}{end}', 'N|{hi}{off} {when}. is it planned maintenance?{end}',
    'E|{hi}{hazard}{end}', 'E|{hi}{hazard} at {addr}, [please come|its dangerous|kids play here]{end}', 'N|{hi}{flaky}{end}', 'N|{hi}{flaky} at {me}, [whats going on|can someone check|for days now]{end}',
  ],
  information_query: [
    '{hi}{queryMore}{end}', '{hi}{acct}, {queryMore}{end}', '{hi}{queryAsk} {queryObj}{end}', '{hi}{acct}, {queryAsk} {queryObj}{end}', '{hi}whats the status of {status}{end}', '{hi}any update on {status}{end}',
    '{hi}i paid [yesterday|last week|on monday] but it still says overdue, can you check{end}', '{hi}its not a power cut, i just want to know {queryObj}{end}', '{hi}why was {queryObj} so high{end}', '{hi}can you send me {queryObj}{end}',
    '{hi}{queryObj}?{end}', '{hi}how much do i owe, {acct}{end}', '{hi}was i charged twice this month{end}',
  ],
  consultation: [
    '{hi}{consultMore}{end}', '{hi}[just wondering|general question], {consultMore}{end}', '{hi}{consultAsk}{end}', '{hi}quick question, {consultAsk}{end}', '{hi}I was wondering {consultAsk}{end}', '{hi}can you explain {consultObj}{end}',
    '{hi}how much notice do you give before [a planned outage|maintenance|work on the lines]{end}', '{hi}my wiring is old, [who fixes it|do you do rewiring|do I pay for that]{end}', '{hi}who pays the bill when renting{end}', '{hi}how do I link my account to the app{end}',
    '{hi}my meter seems fast, [can it be tested|how do I get it checked|is there a charge to test it]{end}', '{hi}{howApp}{end}', '{hi}just asking for now, {howApp}{end}',
  ],
  complaint: [
    '{hi}{cmplMore}{end}', '{hi}{cmplMore}, {angry}{end}', '{hi}{cmplMore}. {cmplMore}{end}', '{hi}{cmpl}, {angry}{end}', '{hi}{angry}. {cmpl}{end}', '{hi}I want to complain, {cmpl}{end}', '{hi}{cmpl}. [this is the third time|not the first time|ive had enough]{end}',
    '{hi}power is back but {cmpl}, {angry}{end}', '{hi}{outageGripe}, {gripeTail}{end}', '{hi}{outageGripe} and {outageGripe}. {gripeTail}{end}', '{hi}[formal complaint|complaint]: {cmpl}{end}', '{hi}why does nobody answer {place2}, {angry}{end}',
  ],
  whistleblowing_report: [
    '{hi}{softOpen}{staff} {bribeAsk} {threat}{end}', '{hi}{softOpen}{theftWho} {theftHow}{end}', '{hi}{softOpen}{staff} {bribeAsk}, {softQ}{end}', '{hi}{softOpen}{theftWho} {theftHow}, {softQ}{end}',
    '{hi}I want to report {theftWho}, they {theftHow2}{end}', '{hi}{staff} takes [bribes|kickbacks|cash] to [change readings|skip inspections|push applications through]{end}', '{hi}{softOpen}someone pretending to be from the power company collected [cash|a fee|a deposit] from us{end}',
    '{hi}{staff} is in on it with {theftWho}, they {theftHow2}{end}', '{hi}{softOpen}{staff} {misdeed}{end}', '{hi}{softOpen}{staff} {misdeed}, {softQ}{end}', '{hi}[I need to raise something about your staff|something about one of your people], {staff} {misdeed}{end}', '{hi}{staff} {misdeed}. [please investigate|I have photos|I dont want my name used|please pass this to discipline inspection]{end}',
    '{hi}[where do I report|who do I tell about|how can I anonymously report] [a staff member taking money|your engineer asking for cash|a meter reader who takes tips to change readings]{end}', '{hi}{staff} {bad} and also {bribeAsk}{end}', '{hi}{staff} {bribeAsk}, I refused and [now my application is stuck|he failed my wiring check|the repair never happened]{end}', '{hi}is it normal that {staff} {bribeAsk}{end}', '{hi}{softOpen}{staff} said {money} would {threat2}, {softQ}{end}', '{hi}{theftWho} {theftHow} and {staff} [looks the other way|took money to ignore it|never checks]{end}',
  ],
  service_application: [
    '{hi}{appMore}{end}', '{hi}{appMore}, [what do I do|please arrange it|what do you need from me]{end}', '{hi}{appVerb} {appObj}{end}', '{hi}{appVerb} {appObj}, [what documents do you need|how long does it take|whats the process]{end}', '{hi}{acct}, {appVerb} {appObj}{end}', '{hi}[we just bought the house|we sold the flat|we moved in|the tenant left], {appVerb} {appObj}{end}',
    '{hi}[our factory|the shop|our farm|the new building] needs {appObj}{end}', '{hi}application: {appObj} at {addr}{end}',
  ],
  suggestion_praise: [
    '{hi}{thanks}{end}', '{hi}{thanks}, {praiseWhy}{end}', '{hi}{restored}, {thanks}{end}', '{hi}{restored}, no need to send anyone{end}',
    '{hi}{suggestion}{end}', '{hi}[a suggestion|just an idea|feedback], {suggestion}{end}', '{hi}[why not|it would be nice if you|it would help if you|you could|have you thought about] {ideaVerb}{end}', '{hi}{pastEvent} {staff2} [came really fast|were brilliant|sorted it quickly|came out at midnight], [thanks|well done|much appreciated]{end}',
    '{hi}{okThanks}{end}', '{hi}{selfFixed}{end}', '{hi}[very happy with the service|service has really improved], {thanks}{end}', '{hi}{staff2} {praiseWhy}, [five stars|well done|thank you]{end}',
  ],
};

const EN_EXTRA: Slots = {
  ideaVerb: ['add an outage map to the app', 'give three days notice before planned work', 'keep the hotline staffed 24/7', 'open the service hall at weekends', 'text before meter readings', 'show the tariff tier on the bill', 'put a payment kiosk in our estate', 'send outage texts in english too', 'hire more repair crews', 'say the cause in outage notices'],
  theftHow2: ['bypass the meter', 'steal power from the pole', 'hook onto the line at night', 'use a magnet on the meter', 'run the factory off an unmetered cable'],
  threat2: ['get my reading lowered', 'make the inspection go away', 'get the connection done this week', 'fix my bill'],
};

function expand(template: string, slots: Slots, random: () => number, depth = 0): string {
  if (depth > 6) throw new Error(`compose.ts: slots nest too deep in ${template}`);
  const choose = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const chosen = template.replace(/\[([^[\]]*)\]/g, (_, options: string) => choose(options.split('|')));
  const filled = chosen.replace(/\{(\w+)\}/g, (_, name: string) => {
    const values = slots[name];
    if (!values) throw new Error(`compose.ts: unknown slot {${name}}`);
    return expand(choose(values), slots, random, depth + 1);
  });
  return filled;
}

const TRIAGE: Record<string, Triage> = { N: 'network', C: 'customer_side', E: 'emergency' };

/** Texting English: lower case, dropped apostrophes, short forms; some messages only. */
function texting(text: string, random: () => number): string {
  if (random() < 0.6) return text;
  let out = text.toLowerCase();
  for (const [from, to] of [[/\byou\b/g, 'u'], [/\bplease\b/g, 'pls'], [/\bpower\b/g, random() < 0.5 ? 'powr' : 'power'], [/\bthe\b/g, random() < 0.3 ? 'teh' : 'the'], [/\bbecause\b/g, 'cos'], [/\bare\b/g, 'r']] as const) out = out.replace(from, to);
  return out;
}

/** Pinyin-input slips and dialect words; some messages only. */
const ZH_SLIPS: readonly (readonly [string, string])[] = [['电', '点'], ['没有', '木有'], ['什么', '啥'], ['怎么', '咋'], ['知道', '造'], ['这样', '酱紫'], ['师傅', '师父'], ['，', ' ']];
function slipped(text: string, random: () => number): string {
  if (random() < 0.75) return text;
  let out = text;
  const [from, to] = ZH_SLIPS[Math.floor(random() * ZH_SLIPS.length)]!;
  out = out.replace(from, to);
  return out;
}

/**
 * `perTemplate` messages from every template of every type, both languages,
 * de-duplicated; the same seed gives the same lines in the same order.
 * `group` is the template (offset by `groupBase`), so a validation split
 * holds out whole templates, not siblings of training lines.
 *
 * @example
 * composedLines(12, 200_000).length; // about 12 lines per template
 */
export function composedLines(perTemplate: number, groupBase: number): CorpusLine[] {
  const out: CorpusLine[] = [];
  const seen = new Set<string>();
  let group = groupBase;
  for (const [lang, templates, slots] of [['zh-CN', ZH, ZH_SLOTS], ['en', EN, { ...EN_SLOTS, ...EN_EXTRA }]] as const) {
    for (const [type, list] of Object.entries(templates) as [TicketType, readonly string[]][]) {
      for (const raw of list) {
        const random = seededRandom(group * 7919 + 13);
        const triage = type === 'fault_report' ? TRIAGE[raw.slice(0, 1)] : undefined;
        if (type === 'fault_report' && (!triage || raw[1] !== '|')) throw new Error(`compose.ts: fault template without triage: ${raw}`);
        const template = triage ? raw.slice(2) : raw;
        let made = 0;
        for (let i = 0; i < perTemplate * 3 && made < perTemplate; i++) {
          let text = expand(template, slots, random).replace(/\s+/g, ' ').trim();
          text = lang === 'en' ? texting(text, random) : slipped(text, random);
          text = text.replace(/^[，,\s]+/u, '').replace(/([，,])\s*[，,]/gu, '$1').replace(/[，,]\s*$/u, '');
          if (text === '' || seen.has(text)) continue;
          seen.add(text);
          out.push({ text, type, lang, ...(triage ? { triage } : {}), group });
          made++;
        }
        group++;
      }
    }
  }
  return out;
}
