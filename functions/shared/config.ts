import { pinLockoutPolicy, type PinLockoutPolicy } from '../customers/pin-lockout';

/**
 * Function configuration from environment variables, read once per container.
 * The CDK stacks set these from the stage config; the local runtime sets them
 * before importing a handler.
 */
export interface FunctionConfig {
  readonly tableName: string;
  /** SQS dead-letter queue that keeps raw payloads the handler rejected or could not process. */
  readonly rejectedContactsQueueUrl: string;
  /** The two-way number replies are sent from (E.164), if the account has one. */
  readonly smsOriginationNumber?: string;
  /** A message to the same sender about the same type within this window appends to the open ticket. */
  readonly threadWindowHours: number;
  /** IANA zone of the centre, for working days and quiet hours. */
  readonly timeZone: string;
  /** PIN attempts per account before the lock, and the lock's length (`PIN_MAX_ATTEMPTS`, `PIN_LOCK_MINUTES`). */
  readonly pinLockout: PinLockoutPolicy;
  /** Price of the paid home-repair visit the replies state, in yuan (`PAID_REPAIR_VISIT_YUAN`, stage config). */
  readonly paidRepairVisitYuan: number;
}

/** The paid home-repair visit's price when the stage config gives none (yuan, labour only). */
export const DEFAULT_PAID_REPAIR_VISIT_YUAN = 50;

export function readConfig(env: NodeJS.ProcessEnv = process.env): FunctionConfig {
  const tableName = env.TABLE_NAME;
  const rejectedContactsQueueUrl = env.REJECTED_CONTACTS_QUEUE_URL;
  if (!tableName || !rejectedContactsQueueUrl) {
    throw new Error('TABLE_NAME and REJECTED_CONTACTS_QUEUE_URL must be set');
  }
  return {
    tableName,
    rejectedContactsQueueUrl,
    smsOriginationNumber: env.SMS_ORIGINATION_NUMBER || undefined,
    threadWindowHours: Number(env.THREAD_WINDOW_HOURS ?? 72),
    timeZone: env.TIME_ZONE ?? 'Asia/Shanghai',
    pinLockout: pinLockoutPolicy(env),
    paidRepairVisitYuan: paidRepairVisitYuan(env.PAID_REPAIR_VISIT_YUAN),
  };
}

function paidRepairVisitYuan(value: string | undefined): number {
  if (value === undefined || value === '') return DEFAULT_PAID_REPAIR_VISIT_YUAN;
  const yuan = Number(value);
  // A price the customer is told must be a real amount: refuse to start rather than text "NaN yuan".
  if (!(Number.isFinite(yuan) && yuan > 0)) throw new Error('PAID_REPAIR_VISIT_YUAN must be a positive amount of yuan');
  return yuan;
}
