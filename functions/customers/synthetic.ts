/**
 * A made-up directory for demos, load tests and local runs: same seed, same
 * customers. Names, addresses and numbers are invented; e-mails use the
 * reserved example.com domain.
 */
import { createHash } from 'node:crypto';
import type { Customer } from './customer';
import { hashPin } from './pin';
import { seededRandom } from '../shared/prng';

/** How a demo finds a synthetic customer's PIN. */
export const syntheticDirectoryNote =
  "Demo PIN rule: a synthetic customer's PIN is the last 4 digits of their 10-digit account number (account 3312345678 has PIN 5678).";

/**
 * The demo PIN of a synthetic customer (see `syntheticDirectoryNote`).
 *
 * @example
 * demoPin('3312345678'); // '5678'
 */
export function demoPin(accountNumber: string): string {
  return accountNumber.slice(-4);
}

interface Area {
  readonly code: string;
  readonly city: string;
  readonly district: string;
  readonly cityEn: string;
  readonly districtEn: string;
  readonly streets: readonly (readonly [zh: string, en: string])[];
}

const AREAS: readonly Area[] = [
  { code: 'HZ-XIHU', city: '杭州市', district: '西湖区', cityEn: 'Hangzhou', districtEn: 'Xihu District', streets: [['文三路', 'Wensan Road'], ['天目山路', 'Tianmushan Road'], ['古墩路', 'Gudun Road']] },
  { code: 'HZ-BINJIANG', city: '杭州市', district: '滨江区', cityEn: 'Hangzhou', districtEn: 'Binjiang District', streets: [['江南大道', 'Jiangnan Avenue'], ['滨盛路', 'Binsheng Road'], ['长河路', 'Changhe Road']] },
  { code: 'NB-HAISHU', city: '宁波市', district: '海曙区', cityEn: 'Ningbo', districtEn: 'Haishu District', streets: [['中山西路', 'Zhongshan West Road'], ['药行街', 'Yaohang Street'], ['望春路', 'Wangchun Road']] },
  { code: 'WZ-LUCHENG', city: '温州市', district: '鹿城区', cityEn: 'Wenzhou', districtEn: 'Lucheng District', streets: [['人民路', 'Renmin Road'], ['车站大道', 'Chezhan Avenue'], ['学院路', 'Xueyuan Road']] },
];
const FEEDERS_PER_AREA = 3;
const TRANSFORMERS_PER_FEEDER = 12;

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '胡', '朱', '高', '林', '何', '郭', '马', '罗'];
const GIVEN_NAMES = ['伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛', '明', '超', '秀英', '建国', '晓东', '海燕', '志强'];
const FIRST_NAMES = ['James', 'Mary', 'David', 'Emma', 'Michael', 'Olivia', 'Daniel', 'Sophie', 'Thomas', 'Grace', 'Lucas', 'Hannah'];
const LAST_NAMES = ['Smith', 'Brown', 'Wilson', 'Taylor', 'Clarke', 'Walker', 'Müller', 'Martin', 'Dubois', 'Rossi', 'Nakamura', 'Kim'];
const IMPORTANT = ['第一人民医院', '中医院', '自来水厂', '污水处理厂', '消防救援支队', '公安局指挥中心', '钢铁有限公司'];
const BUSINESS_ZH = ['鑫达贸易有限公司', '恒通科技有限公司', '味道餐饮店', '华联超市', '新世纪印刷厂', '阳光幼儿园'];
const BUSINESS_EN = ['Bluewave Trading Co., Ltd.', 'Lakeside Coffee', 'Pioneer Software Ltd.', 'Harbour Logistics Co., Ltd.'];
/** Mobile prefixes libphonenumber accepts for China (13x, 15x without 154, 18x). */
const MOBILE_PREFIXES = ['130', '131', '132', '133', '135', '136', '137', '138', '139', '150', '151', '152', '153', '155', '156', '157', '158', '159', '180', '181', '182', '183', '185', '186', '187', '188', '189'];


/**
 * An affine map modulo 10^8 with a multiplier coprime to 10: a bijection, so
 * distinct indexes give distinct 8-digit numbers that still look random.
 */
function scramble(index: number, salt: number): string {
  return String((index * 7_654_321 + salt * 1_000_003) % 100_000_000).padStart(8, '0');
}

/**
 * `count` deterministic synthetic customers: four areas with three feeders
 * each, about 5% important (hospitals, water works...), 25% businesses, 20%
 * English-speaking; every phone is a valid +86 mobile number, unique in the
 * set, and every customer has a PIN hash following `syntheticDirectoryNote`.
 * Hashing costs about 30 ms per customer, so generate thousands, not millions.
 *
 * @example
 * const [first] = syntheticCustomers(100);
 * verifyPin(demoPin(first.accountNumber), first.pinHash!); // true
 */
export function syntheticCustomers(count: number, seed = 1): Customer[] {
  if (!Number.isInteger(count) || count < 0 || count > 50_000_000) throw new RangeError(`count must be 0..50,000,000, got ${count}`);
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const customers: Customer[] = [];
  for (let i = 0; i < count; i += 1) {
    const accountNumber = `33${scramble(i, seed)}`;
    const area = pick(AREAS);
    const feeder = `${area.code}-F${String(1 + Math.floor(random() * FEEDERS_PER_AREA)).padStart(2, '0')}`;
    const transformer = `${feeder}-T${String(1 + Math.floor(random() * TRANSFORMERS_PER_FEEDER)).padStart(2, '0')}`;
    const roll = random();
    const important = roll < 0.05;
    const business = important || roll < 0.3;
    const english = !important && random() < 0.2;
    const [streetZh, streetEn] = pick(area.streets);
    const number = 1 + Math.floor(random() * 300);
    const room = `${1 + Math.floor(random() * 20)}${String(1 + Math.floor(random() * 4)).padStart(2, '0')}`;
    const firstName = pick(FIRST_NAMES);
    const lastName = pick(LAST_NAMES);

    let name: string;
    if (important) name = `${area.city}${pick(IMPORTANT)}`;
    else if (business) name = english ? `${area.cityEn} ${pick(BUSINESS_EN)}` : `${area.city.slice(0, 2)}${pick(BUSINESS_ZH)}`;
    else name = english ? `${firstName} ${lastName}` : `${pick(SURNAMES)}${pick(GIVEN_NAMES)}`;
    const address = english
      ? `${business ? '' : `Room ${room}, `}No. ${number} ${streetEn}, ${area.districtEn}, ${area.cityEn}, Zhejiang`
      : `浙江省${area.city}${area.district}${streetZh}${number}号${business ? '' : `${room}室`}`;

    // Slots 2i and 2i+1 keep every customer's numbers distinct from everyone else's.
    const phones = [`+86${pick(MOBILE_PREFIXES)}${scramble(2 * i, seed)}`];
    if (random() < 0.1) phones.push(`+86${pick(MOBILE_PREFIXES)}${scramble(2 * i + 1, seed)}`);
    const email = english || business ? `${english && !business ? `${firstName}.${i}` : `contact${i}`}@example.com`.toLowerCase() : undefined;
    const salt = createHash('sha256').update(`synthetic#${seed}#${accountNumber}`).digest().subarray(0, 16);

    customers.push({
      accountNumber,
      name,
      phones,
      ...(email ? { email } : {}),
      address,
      area: area.code,
      feeder,
      transformer,
      important,
      customerType: business ? 'business' : 'residential',
      language: english ? 'en' : 'zh-CN',
      // Demo data: the lowest cost, so seeding stays fast; imported directories use PIN_HASH_COST.
      pinHash: hashPin(demoPin(accountNumber), salt, 10),
    });
  }
  return customers;
}
