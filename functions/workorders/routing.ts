/**
 * Which department receives which ticket (issue 11, "Routing"): the
 * departments with their duty contact and working hours, and rules from
 * ticket type (and, for faults, the customer's area and the fault's triage)
 * to a department. Stage
 * configuration: DEFAULT_ROUTING unless ROUTING_CONFIG holds another as JSON.
 */
import * as z from 'zod/mini';
import type { FaultTriage, TicketType } from '../tickets/ticket';
import { RoutingConfigError } from './errors';

const DepartmentSchema = z.object({
  departmentId: z.string().check(z.regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/)),
  kind: z.enum(['repair', 'billing', 'business', 'expert_group', 'discipline_office']),
  name: z.string(),
  /** Repair desks serve one area (the customers' `area`). */
  area: z.optional(z.string()),
  /** E.164: who is chased by SMS when a step is late. */
  dutyContact: z.string().check(z.regex(/^\+[1-9]\d{6,14}$/)),
  /** The language the duty contact reads chases in; without it they are texted in English, as any outbound text to someone of unknown language. */
  dutyLanguage: z.optional(z.enum(['zh-CN', 'en'])),
  /** Local working hours, `HH:MM`; chases outside them wait unless the ticket is an emergency. */
  workingHours: z.object({ from: z.string().check(z.regex(/^\d\d:\d\d$/)), to: z.string().check(z.regex(/^\d\d:\d\d$/)) }),
});
export type Department = z.infer<typeof DepartmentSchema>;

const RuleSchema = z.object({
  type: z.string(),
  /** Only for tickets from customers in this area; a rule without one matches any area. */
  area: z.optional(z.string()),
  /** Only for faults of this triage (the classifier's `customer_side`, `network`, `emergency`). */
  triage: z.optional(z.enum(['customer_side', 'network', 'emergency'])),
  departmentId: z.string(),
});

const RoutingSchema = z.object({ departments: z.array(DepartmentSchema), rules: z.array(RuleSchema) });
export type RoutingConfig = z.infer<typeof RoutingSchema>;

const weekdays = { from: '08:30', to: '17:30' };
const roundTheClock = { from: '00:00', to: '24:00' };

/** The demo province's departments and rules (the local runtime's and tests' stage). */
export const DEFAULT_ROUTING: RoutingConfig = {
  departments: [
    { departmentId: 'repair-HZ-XIHU', kind: 'repair', name: '西湖区抢修班', area: 'HZ-XIHU', dutyContact: '+8613900000101', dutyLanguage: 'zh-CN', workingHours: roundTheClock },
    { departmentId: 'repair-HZ-BINJIANG', kind: 'repair', name: '滨江区抢修班', area: 'HZ-BINJIANG', dutyContact: '+8613900000102', dutyLanguage: 'zh-CN', workingHours: roundTheClock },
    { departmentId: 'repair-NB-HAISHU', kind: 'repair', name: '海曙区抢修班', area: 'NB-HAISHU', dutyContact: '+8613900000103', dutyLanguage: 'zh-CN', workingHours: roundTheClock },
    { departmentId: 'repair-WZ-LUCHENG', kind: 'repair', name: '鹿城区抢修班', area: 'WZ-LUCHENG', dutyContact: '+8613900000104', dutyLanguage: 'zh-CN', workingHours: roundTheClock },
    // A fault from an unknown caller (no area) goes to the dispatch desk that covers the whole province.
    { departmentId: 'repair-dispatch', kind: 'repair', name: '供电抢修指挥中心', dutyContact: '+8613900000100', dutyLanguage: 'zh-CN', workingHours: roundTheClock },
    { departmentId: 'billing', kind: 'billing', name: '电费账务', dutyContact: '+8613900000201', dutyLanguage: 'zh-CN', workingHours: weekdays },
    { departmentId: 'business', kind: 'business', name: '营销业务', dutyContact: '+8613900000301', dutyLanguage: 'zh-CN', workingHours: weekdays },
    { departmentId: 'expert-group', kind: 'expert_group', name: '专家组', dutyContact: '+8613900000401', dutyLanguage: 'zh-CN', workingHours: weekdays },
    { departmentId: 'discipline-office', kind: 'discipline_office', name: '纪检监察室', dutyContact: '+8613900000501', dutyLanguage: 'zh-CN', workingHours: weekdays },
  ],
  rules: [
    // Wiring inside the customer's home is not the network's: the business desk offers the paid service, with its price.
    { type: 'fault_report', triage: 'customer_side', departmentId: 'business' },
    { type: 'fault_report', area: 'HZ-XIHU', departmentId: 'repair-HZ-XIHU' },
    { type: 'fault_report', area: 'HZ-BINJIANG', departmentId: 'repair-HZ-BINJIANG' },
    { type: 'fault_report', area: 'NB-HAISHU', departmentId: 'repair-NB-HAISHU' },
    { type: 'fault_report', area: 'WZ-LUCHENG', departmentId: 'repair-WZ-LUCHENG' },
    { type: 'fault_report', departmentId: 'repair-dispatch' },
    { type: 'information_query', departmentId: 'billing' },
    { type: 'consultation', departmentId: 'expert-group' },
    { type: 'complaint', departmentId: 'business' },
    { type: 'service_application', departmentId: 'business' },
    { type: 'whistleblowing_report', departmentId: 'discipline-office' },
  ],
};

/**
 * The routing config from ROUTING_CONFIG (JSON), or DEFAULT_ROUTING; every rule must name a configured department.
 *
 * @example
 * const routing = readRoutingConfig(process.env);
 */
export function readRoutingConfig(env: NodeJS.ProcessEnv = process.env): RoutingConfig {
  if (!env.ROUTING_CONFIG) return DEFAULT_ROUTING;
  let raw: unknown;
  try {
    raw = JSON.parse(env.ROUTING_CONFIG);
  } catch (error) {
    throw new RoutingConfigError('ROUTING_CONFIG is not JSON', { cause: error });
  }
  const parsed = RoutingSchema.safeParse(raw);
  if (!parsed.success) throw new RoutingConfigError(`ROUTING_CONFIG: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  const known = new Set(parsed.data.departments.map((d) => d.departmentId));
  const unknown = parsed.data.rules.filter((rule) => !known.has(rule.departmentId));
  if (unknown.length > 0) throw new RoutingConfigError(`ROUTING_CONFIG: rules name unknown departments: ${unknown.map((r) => r.departmentId).join(', ')}`);
  return parsed.data;
}

/**
 * The department a ticket goes to: the first rule for its type whose area
 * matches (or that names none); undefined when no department owes an answer
 * (suggestions and praise go to the supervisor, not as a work order).
 *
 * @example
 * routeTicket(DEFAULT_ROUTING, { type: 'fault_report', area: 'HZ-XIHU' }); // 'repair-HZ-XIHU'
 */
export function routeTicket(routing: RoutingConfig, ticket: { readonly type: TicketType; readonly area?: string; readonly triage?: FaultTriage }): string | undefined {
  const rule = routing.rules.find((r) => r.type === ticket.type && (r.area === undefined || r.area === ticket.area) && (r.triage === undefined || r.triage === ticket.triage));
  return rule?.departmentId;
}

/**
 * A department by id.
 *
 * @example
 * departmentById(DEFAULT_ROUTING, 'billing')?.dutyContact; // '+8613900000201'
 */
export function departmentById(routing: RoutingConfig, departmentId: string): Department | undefined {
  return routing.departments.find((d) => d.departmentId === departmentId);
}
