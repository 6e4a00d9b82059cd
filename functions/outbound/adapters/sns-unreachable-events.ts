import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import * as z from 'zod/mini';
import type { Notice } from '../notice';
import { unreachableEntry, unreachableObjectKey } from './s3-unreachable-reporter';

const S = z.object({ S: z.string() });
const N = z.object({ N: z.string() });

/**
 * What the event needs of a notice's stream image (DynamoDB attribute
 * values). Hand-rolled rather than `unmarshall`: a handful of fields, and no
 * extra package in notice-relay's bundle.
 */
const UnreachableImageSchema = z.object({
  pk: S,
  noticeId: S,
  status: S,
  source: z.object({ M: z.object({ kind: z.object({ S: z.enum(['outage', 'billing', 'work_order']) }), id: S }) }),
  accountNumber: S,
  template: S,
  channel: z.object({ S: z.enum(['sms', 'voice']) }),
  attempts: N,
  lastError: z.optional(S),
  updatedAt: S,
});

/** The notice a stream record shows becoming unreachable (MODIFY, old status anything else), or undefined. */
export function becameUnreachable(record: { readonly eventName: string; readonly dynamodb: { readonly NewImage?: unknown; readonly OldImage?: unknown } }): { notice: Notice; at: Date } | undefined {
  if (record.eventName !== 'MODIFY') return undefined;
  const image = UnreachableImageSchema.safeParse(record.dynamodb.NewImage);
  if (!image.success || !image.data.pk.S.startsWith('NOTICE#') || image.data.status.S !== 'unreachable') return undefined;
  const before = z.object({ status: z.optional(S) }).safeParse(record.dynamodb.OldImage);
  if (before.success && before.data.status?.S === 'unreachable') return undefined;
  const i = image.data;
  const notice = {
    noticeId: i.noticeId.S,
    source: { kind: i.source.M.kind.S, id: i.source.M.id.S },
    accountNumber: i.accountNumber.S,
    template: i.template.S,
    channel: i.channel.S,
    attempts: Number(i.attempts.N),
    status: 'unreachable',
    ...(i.lastError ? { lastError: i.lastError.S } : {}),
  } as unknown as Notice;
  return { notice, at: new Date(i.updatedAt.S) };
}

/**
 * `customer_unreachable` on the unreachable topic (billing subscribes),
 * naming the billing report object that the dispatcher or delivery-receipts
 * wrote before the notice was recorded unreachable.
 *
 * @example
 * await new SnsUnreachableEvents(sns, topicArn, bucket).publish(notice, at);
 */
export class SnsUnreachableEvents {
  constructor(
    private readonly sns: SNSClient,
    private readonly topicArn: string,
    private readonly bucket: string,
  ) {}

  async publish(notice: Notice, at: Date): Promise<void> {
    const entry = unreachableEntry(notice, at);
    const report = notice.source.kind === 'billing' ? { report: { bucket: this.bucket, key: unreachableObjectKey(notice) } } : {};
    await this.sns.send(
      new PublishCommand({
        TopicArn: this.topicArn,
        Message: JSON.stringify({ type: 'customer_unreachable', ...entry, ...report }),
        MessageAttributes: { sourceKind: { DataType: 'String', StringValue: notice.source.kind } },
      }),
    );
  }
}
