/**
 * Agents' corrections as labelled examples for the next training run, in the
 * corpus format (build-train.ts, CorpusLine). Text only: phone and account
 * numbers in it are replaced by fixed placeholders, and no key fields are
 * exported. Confidential tickets are left out: a report's words must not
 * leave the discipline-inspection office, not even into a training file.
 */
import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { detectLanguage } from '../../functions/intake/classify';
import * as keys from '../../functions/shared/keys';
import { TicketQueries } from '../../functions/tickets/adapters/ticket-queries';
import type { TicketCorrectable } from '../../functions/tickets/ticket';
import type { CorpusLine } from './build-train';

const PHONE_PLACEHOLDER = '13800000000';
const ACCOUNT_PLACEHOLDER = '3300000000';

/**
 * The text with phone numbers and 10-digit account numbers replaced.
 *
 * @example
 * maskNumbers('户号3312345678，电话138 1234 5678'); // '户号3300000000，电话13800000000'
 */
export function maskNumbers(text: string): string {
  return text
    .replace(/(?<!\d)(?:\+?86[- ]?)?1[3-9]\d[- ]?\d{4}[- ]?\d{4}(?!\d)/g, PHONE_PLACEHOLDER)
    .replace(/(?<!\d)0\d{2,3}[- ]?\d{7,8}(?!\d)/g, PHONE_PLACEHOLDER)
    .replace(/(?<![\d+])\d{10}(?!\d)/g, ACCOUNT_PLACEHOLDER);
}

/** Every date from `from` to `to`, inclusive (YYYY-MM-DD). */
export function daysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000) days.push(new Date(t).toISOString().slice(0, 10));
  return days;
}

/**
 * The corrected tickets of the given days (the days the tickets opened) as
 * corpus lines, one per ticket, with the type as last corrected.
 *
 * @example
 * const lines = await correctionExamples(doc, 'hotline-local', daysBetween('2026-11-01', '2026-11-30'));
 */
export async function correctionExamples(doc: DynamoDBDocumentClient, tableName: string, days: readonly string[]): Promise<CorpusLine[]> {
  const queries = new TicketQueries(doc, tableName);
  const latest = new Map<string, TicketCorrectable>();
  for (const day of days) {
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await doc.send(
        new QueryCommand({ TableName: tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': keys.correctionLogPartition(day) }, ExclusiveStartKey }),
      );
      for (const item of page.Items ?? []) latest.set(String(item.ticketId), item.after as TicketCorrectable);
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
  }
  const lines: CorpusLine[] = [];
  for (const [ticketId, after] of latest) {
    const found = await queries.get(ticketId);
    if (!found || found.ticket.confidential) continue;
    const text = found.timeline.find((entry) => entry.kind === 'contact' && entry.text)?.text;
    if (!text) continue;
    const masked = maskNumbers(text);
    lines.push({
      text: masked,
      type: after.type,
      lang: detectLanguage(masked, 'zh-CN'),
      ...(after.type === 'fault_report' && found.ticket.triage ? { triage: found.ticket.triage } : {}),
    });
  }
  return lines;
}
