import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

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
  Records: { Sns: { MessageId: string; Message: string; Timestamp: string } }[];
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

interface LogsData {
  logEvents: { id: string; timestamp: number; message: string }[];
}

/**
 * A CloudWatch Logs subscription delivery (`{ awslogs: { data } }`, gzip + base64) of SNS SMS
 * delivery-status lines, from the readable sample with each line's fields changed as given.
 *
 * @example
 * smsDeliveryLogEvent([{ messageId: 'm-1', status: 'SUCCESS' }]);
 */
export function smsDeliveryLogEvent(lines: ({ messageId: string; status: 'SUCCESS' | 'FAILURE'; providerResponse?: string } | string)[]): { awslogs: { data: string } } {
  const data = loadEvent<LogsData>('outbound/sms-delivery-status-logs.decoded.json');
  const sample = data.logEvents[0]!;
  data.logEvents = lines.map((line, n) => {
    if (typeof line === 'string') return { ...sample, id: `${sample.id}${n}`, message: line };
    const log = JSON.parse(sample.message) as { notification: { messageId: string }; delivery: { providerResponse: string }; status: string };
    log.notification.messageId = line.messageId;
    log.status = line.status;
    log.delivery.providerResponse = line.providerResponse ?? (line.status === 'SUCCESS' ? 'Message has been accepted by phone carrier' : log.delivery.providerResponse);
    return { ...sample, id: `${sample.id}${n}`, message: JSON.stringify(log) };
  });
  return { awslogs: { data: gzipSync(JSON.stringify(data)).toString('base64') } };
}
