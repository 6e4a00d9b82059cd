import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * A real-shaped sample payload from events/, as a fresh copy the test may change.
 *
 * @example
 * const event = loadEvent('sns/sms-bill-question.json');
 */
export function loadEvent<T = Record<string, unknown>>(path: string): T {
  return structuredClone(JSON.parse(readFileSync(resolve(import.meta.dirname, '../../events', path), 'utf8')) as T);
}

interface SnsSmsEvent {
  Records: { Sns: { MessageId: string; Message: string } }[];
}

/**
 * The SMS sample event with its two-way SMS payload changed: only what the case is about.
 */
export function smsEvent(fields: Record<string, unknown>, base = 'sns/sms-bill-question.json'): SnsSmsEvent {
  const event = loadEvent<SnsSmsEvent>(base);
  const record = event.Records[0]!;
  record.Sns.Message = JSON.stringify({ ...JSON.parse(record.Sns.Message), ...fields });
  return event;
}
