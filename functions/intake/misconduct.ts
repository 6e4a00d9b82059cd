/**
 * A rule above the classifier for the one mistake the centre cannot afford:
 * a report of staff taking money, gifts or favours read by a general queue.
 * It fires only when the text names someone of ours (a meter reader, the
 * fitter, "your staff") AND money or a favour changing hands off the books
 * (a red envelope, cigarettes, cash with no receipt, "or else", "to jump the
 * queue", a payment for a lower reading), in Chinese or English; or a company
 * vehicle and a private use together. Either alone is an ordinary complaint ("the
 * meter reader was rude", "I was charged 200 for the visit"), which the model
 * types. The lexicon's `misconduct` words (bribe, 偷电, ...) stay the rule for
 * misconduct named outright; this one catches the indirect, polite telling.
 */

/** People who work for (or say they work for) the utility. */
const ZH_STAFF = /抄表|收费员|工作人员|员工|师傅|电工|营业员|营业厅的|所长|经理|检查员|稽查|维修工|装表|换表|抢修|工人|供电所|电力局|供电局|你们的人|你们单位|你们公司的|台区|线路工/u;
/** Money or a favour off the books, or a price for doing (or not doing) the job. */
const ZH_ASK = [
  /红包|好处|烟酒|条烟|包烟|买烟|送礼|收礼|礼品|礼物|购物卡|加油卡|请[他们]*吃饭|请客|喝茶钱|茶水费|辛苦费|加急费|跑腿费|意思意思|表示表示|表示一下|塞钱|塞了钱|塞红包|私下收|私下要|私下给|私下交|私下转|个人微信|私人微信|个人账户|私人账户|个人收款|私人收款|收款码|不开票|不开发票|没开发票|没有发票|没给发票|不给发票|没有收据|不给收据|没给收据|打白条/u,
  // A sum asked for with a threat or a promise: "给他两百块，不然…", "给五百就能先装".
  /(?:给|要|收|拿|转|交)[他她我]?(?:了)?(?:\d+|[一两二三四五六七八九十百千几]+)(?:块|元|百|千|万)[^，。！？,.!?]{0,12}(?:不然|否则|才|就能|就可以|就给|就帮|插队|优先|先给)/u,
  /(?:不然|否则)[^，。！？]{0,10}(?:停你|断你|拉闸|罚|表有问题|说你)/u,
  // Paying for a lower reading or a smaller bill.
  /(?:给|交|每月|每个月|包月)[^，。！？]{0,8}(?:钱|块|元)[^，。！？]{0,10}(?:少抄|少算|抄少|读数低|电费少|少交|抹掉|免掉)/u,
];

const EN_STAFF = /\b(?:meter ?(?:reader|man|guy)s?|reader|collector|staff|employees?|technicians?|engineers?|electricians?|fitters?|installers?|inspectors?|linesm[ae]n|linem[ae]n|repairm[ae]n|clerks?|officials?|managers?|crew|workers?|your (?:guy|man|people|person|lad|team|office)|(?:someone|a man|a woman|a guy|somebody) (?:at|from) (?:your|the) (?:office|depot|service|company|utility|power))\b/i;
const EN_ASK = [
  /\b(?:bribes?|backhanders?|kickbacks?|tea money|coffee money|red (?:packets?|envelopes?)|brown envelopes?|cigarettes|cartons? of|gifts?|favou?rs? in return|in return for|wine and dine|dinner and drinks|under the table|(?:cash|money|payment|jobs?|work) on the side|off the books|no receipts?|without (?:a |any )?receipts?|no invoice|without (?:an |any )?invoice|personal account|(?:his|her) (?:own |personal |private )account|personal (?:qr|wechat|alipay)|for a price|for a fee|for cash|in cash|cash in hand|take care of (?:him|her|them)|sweeten|something extra|a little extra|split the (?:savings|difference|money)|grease)\b/i,
  // A sum asked for with a promise or a threat: "200 and he'd move us up", "pay him or he'd report the meter".
  /\b(?:pay|paid|give|gave|hand|slip|transfer)(?:s|ed|ing)? (?:him|her|them|the (?:reader|fitter|engineer|technician|electrician|inspector))\b[^.!?]{0,40}\b(?:or (?:else|he|she|they)|otherwise|to (?:jump|skip|move)|faster|first|quicker|sooner)\b/i,
  // Paying for a lower reading or a smaller bill: "a monthly payment gets you a lower reading".
  /\b(?:payments?|pay|paid|cash|money|fee|\d+)\b[^.!?]{0,30}\b(?:lower (?:reading|bill)s?|smaller bills?|cheaper bills?|bills? (?:look|could look) (?:nicer|smaller|better)|(?:bill|reading|arrears|debt)s? (?:go away|disappear|written off|wiped))/i,
  /\b(?:asked|wanted|demanded|hinted|suggested|expected)\b[^.!?]{0,30}\b(?:\d+|hundred|thousand)\b[^.!?]{0,30}\b(?:or (?:else|he|she|they)|otherwise|to (?:jump|skip|move|speed)|faster|first|quicker|sooner|no receipt)\b/i,
];

/** A company vehicle put to private use: the other misconduct customers see and tell indirectly. */
const ZH_VEHICLE = /公车|单位的车|所里的车|公司的车|供电所的车|供电局的车|电力的车|工程车|抢修车|你们的车/u;
const ZH_PRIVATE = /私用|办私事|私事|接孩子|送孩子|接送孩子|钓鱼|旅游|自驾|打牌|麻将|赌场|家里人|老婆|买菜|逛街|喝酒/u;
const EN_VEHICLE = /\b(?:company|utility|work|works|your|depot|service)(?:'s)? (?:vans?|cars?|trucks?|pickups?|vehicles?|4x4s?)\b/i;
const EN_PRIVATE = /\b(?:family|personal|private|holiday|weekend trips?|school run|fishing|shopping|casino|betting|pub|bar|side jobs?|his (?:wife|kids|children|family)|her (?:husband|kids|children|family))\b/i;

/**
 * Whether the text tells of one of ours asking for or taking money, a gift
 * or a favour off the books (or a company vehicle put to private use): a
 * whistleblowing report whatever the model says.
 *
 * @example
 * reportsStaffMisconduct('抄表员让我给他两百块，不然就说我家表有问题'); // true
 * reportsStaffMisconduct('The fitter asked for cigarettes before he would connect us'); // true
 * reportsStaffMisconduct('抄表员态度很差'); // false: a complaint
 * reportsStaffMisconduct('The engineer charged 200 for the call-out, is that right?'); // false: a question about a fee
 */
export function reportsStaffMisconduct(text: string): boolean {
  const normalized = text.normalize('NFKC');
  const zh = ZH_STAFF.test(normalized) && ZH_ASK.some((pattern) => pattern.test(normalized));
  if (zh || (EN_STAFF.test(normalized) && EN_ASK.some((pattern) => pattern.test(normalized)))) return true;
  return (ZH_VEHICLE.test(normalized) && ZH_PRIVATE.test(normalized)) || (EN_VEHICLE.test(normalized) && EN_PRIVATE.test(normalized));
}
