import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { INDEX, keys } from '../../shared/keys';
import type { Notice } from '../notice';
import type { AfterFailure, NoticeStore, OptOutLedger, ReceiptStore, SentBy } from '../ports';

const OPEN = { ':pending': 'pending', ':retrying': 'retrying' };
const IS_OPEN = '#status IN (:pending, :retrying)';
/** Item attributes that are keys, not part of the notice. */
const KEY_ATTRIBUTES = ['pk', 'sk', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk', 'claimedUntil'];

/** The item of a notice: its key, its source index entry, the notice. */
export function noticeItem(notice: Notice): Record<string, unknown> {
  return { ...keys.notice(notice.noticeId), ...keys.noticesBySource(notice.source.kind, notice.source.id, notice.noticeId), ...notice };
}

/**
 * Notices in the single table. Every status change is a conditional update
 * on the attempt count, so two workers holding the same queue message (SQS
 * delivers at least once) never both send or both record an attempt.
 */
export class DynamoNoticeStore implements NoticeStore, ReceiptStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** Writes a new notice unless one with its id exists; false for a duplicate. */
  async create(notice: Notice): Promise<boolean> {
    try {
      await this.doc.send(new PutCommand({ TableName: this.tableName, Item: noticeItem(notice), ConditionExpression: 'attribute_not_exists(pk)' }));
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async get(noticeId: string): Promise<Notice | undefined> {
    const { Item } = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: keys.notice(noticeId), ConsistentRead: true }));
    return Item ? noticeOf(Item) : undefined;
  }

  async getMany(noticeIds: readonly string[]): Promise<ReadonlyMap<string, Notice>> {
    const items = await batchGet(this.doc, this.tableName, [...new Set(noticeIds)].map((id) => keys.notice(id)));
    return new Map(items.map((item) => noticeOf(item)).map((notice) => [notice.noticeId, notice]));
  }

  async byDelivery(channel: Notice['channel'], providerMessageId: string): Promise<Notice | undefined> {
    const { gsi2pk } = keys.noticeByDelivery(channel, providerMessageId, '');
    const { Items } = await this.doc.send(
      new QueryCommand({ TableName: this.tableName, IndexName: INDEX.byDelivery, KeyConditionExpression: 'gsi2pk = :pk', ExpressionAttributeValues: { ':pk': gsi2pk }, Limit: 1 }),
    );
    const item = Items?.[0];
    return item ? noticeOf(item) : undefined;
  }

  async markDelivered(noticeId: string, attempt: number, at: Date): Promise<boolean> {
    return this.afterSent(noticeId, attempt, 'SET #status = :delivered, deliveredAt = :at, updatedAt = :at', { ':delivered': 'delivered', ':at': at.toISOString() });
  }

  async markUndelivered(noticeId: string, attempt: number, at: Date, next: AfterFailure, lastError: string): Promise<boolean> {
    const values = { ':status': next.status, ':at': at.toISOString(), ':error': lastError, ...(next.status === 'retrying' ? { ':notBefore': next.notBefore.toISOString() } : {}) };
    // The provider id of the failed attempt leaves the delivery index: a late duplicate receipt finds nothing.
    const update = `SET #status = :status, updatedAt = :at, lastError = :error${next.status === 'retrying' ? ', notBefore = :notBefore' : ''} REMOVE gsi2pk, gsi2sk`;
    return this.afterSent(noticeId, attempt, update, values);
  }

  async claim(noticeId: string, expectedAttempts: number, now: Date, claimUntil: Date): Promise<boolean> {
    return this.conditional({
      Key: keys.notice(noticeId),
      UpdateExpression: 'SET attempts = :next, claimedUntil = :until',
      ConditionExpression: `${IS_OPEN} AND attempts = :seen AND (attribute_not_exists(claimedUntil) OR claimedUntil < :now)`,
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ...OPEN, ':seen': expectedAttempts, ':next': expectedAttempts + 1, ':until': claimUntil.toISOString(), ':now': now.toISOString() },
    });
  }

  async markSent(noticeId: string, attempt: number, at: Date, sent: SentBy): Promise<void> {
    const { channel, providerMessageId } = sent;
    // Indexed by the provider's id, so its delivery receipt finds the notice.
    const delivery = providerMessageId ? keys.noticeByDelivery(channel, providerMessageId, noticeId) : {};
    await this.finish(noticeId, attempt, 'sent', at, { providerMessageId, ...delivery });
  }

  async markRetrying(noticeId: string, attempt: number, at: Date, notBefore: Date, lastError: string): Promise<void> {
    await this.finish(noticeId, attempt, 'retrying', at, { notBefore: notBefore.toISOString(), lastError });
  }

  async markUnreachable(noticeId: string, attempt: number, at: Date, lastError: string): Promise<void> {
    await this.finish(noticeId, attempt, 'unreachable', at, { lastError });
  }

  async markSuppressed(noticeId: string, expectedAttempts: number, at: Date): Promise<boolean> {
    return this.conditional({
      Key: keys.notice(noticeId),
      UpdateExpression: 'SET #status = :status, updatedAt = :at',
      ConditionExpression: `${IS_OPEN} AND attempts = :seen`,
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ...OPEN, ':seen': expectedAttempts, ':status': 'suppressed_opt_out', ':at': at.toISOString() },
    });
  }

  async defer(noticeId: string, expectedAttempts: number, notBefore: Date): Promise<boolean> {
    return this.conditional({
      Key: keys.notice(noticeId),
      UpdateExpression: 'SET notBefore = :notBefore',
      ConditionExpression: `${IS_OPEN} AND attempts = :seen`,
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ...OPEN, ':seen': expectedAttempts, ':notBefore': notBefore.toISOString() },
    });
  }

  /** Ends the attempt this worker claimed; a stale worker (attempt moved on) changes nothing. */
  private async finish(noticeId: string, attempt: number, status: Notice['status'], at: Date, fields: Record<string, string | undefined>): Promise<void> {
    const set = Object.entries(fields).filter(([, value]) => value !== undefined);
    await this.conditional({
      Key: keys.notice(noticeId),
      UpdateExpression: `SET #status = :status, updatedAt = :at${set.map(([name]) => `, ${name} = :${name}`).join('')} REMOVE claimedUntil`,
      ConditionExpression: `${IS_OPEN} AND attempts = :attempt`,
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ...OPEN, ':attempt': attempt, ':status': status, ':at': at.toISOString(), ...Object.fromEntries(set.map(([name, value]) => [`:${name}`, value])) },
    });
  }

  /** A receipt's write: only while the notice is still `sent` for that attempt. */
  private async afterSent(noticeId: string, attempt: number, update: string, values: Record<string, unknown>): Promise<boolean> {
    return this.conditional({
      Key: keys.notice(noticeId),
      UpdateExpression: update,
      ConditionExpression: '#status = :sent AND attempts = :attempt',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ...values, ':sent': 'sent', ':attempt': attempt },
    });
  }

  private async conditional(update: Omit<ConstructorParameters<typeof UpdateCommand>[0], 'TableName'>): Promise<boolean> {
    try {
      await this.doc.send(new UpdateCommand({ TableName: this.tableName, ...update }));
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }
}

/** Most keys one BatchGetItem takes. */
const BATCH_GET_MAX = 100;

/**
 * Items by key (distinct keys: BatchGetItem refuses a repeated one), strongly
 * consistent, asking again for the keys DynamoDB left unprocessed. One request
 * per 100 keys instead of one per key: the dispatcher reads ahead of its pacer.
 */
async function batchGet(doc: DynamoDBDocumentClient, tableName: string, keyList: readonly Record<string, string>[]): Promise<Record<string, unknown>[]> {
  const found: Record<string, unknown>[] = [];
  for (let start = 0; start < keyList.length; start += BATCH_GET_MAX) {
    let pending: Record<string, unknown>[] = keyList.slice(start, start + BATCH_GET_MAX);
    for (let round = 0; pending.length > 0; round++) {
      if (round > 0) await new Promise((resolve) => setTimeout(resolve, Math.min(1000, 25 * 2 ** round)));
      const { Responses, UnprocessedKeys } = await doc.send(new BatchGetCommand({ RequestItems: { [tableName]: { Keys: pending, ConsistentRead: true } } }));
      found.push(...(Responses?.[tableName] ?? []));
      pending = UnprocessedKeys?.[tableName]?.Keys ?? [];
    }
  }
  return found;
}

function noticeOf(item: Record<string, unknown>): Notice {
  return Object.fromEntries(Object.entries(item).filter(([name]) => !KEY_ATTRIBUTES.includes(name))) as unknown as Notice;
}

/** The opt-out ledger in the phone's partition: `OPTOUT#SMS` (STOP) bars texts and calls, `OPTOUT#VOICE` calls. */
export class DynamoOptOutLedger implements OptOutLedger {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async isOptedOut(e164: string, channel: Notice['channel']): Promise<boolean> {
    const { pk } = keys.smsOptOut(e164);
    const { Items } = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :optout)',
        ExpressionAttributeValues: { ':pk': pk, ':optout': 'OPTOUT#' },
        ProjectionExpression: 'sk',
      }),
    );
    const ledger = new Set((Items ?? []).map((item) => String(item.sk)));
    if (ledger.has(keys.smsOptOut(e164).sk)) return true;
    return channel === 'voice' && ledger.has(keys.voiceOptOut(e164).sk);
  }

  async areOptedOut(recipients: readonly { readonly to: string; readonly channel: Notice['channel'] }[]): Promise<boolean[]> {
    const numbers = [...new Set(recipients.map((r) => r.to))];
    const items = await batchGet(this.doc, this.tableName, numbers.flatMap((e164) => [keys.smsOptOut(e164), keys.voiceOptOut(e164)]));
    const entries = new Set(items.map((item) => `${String(item.pk)}|${String(item.sk)}`));
    const on = (key: { pk: string; sk: string }) => entries.has(`${key.pk}|${key.sk}`);
    return recipients.map(({ to, channel }) => on(keys.smsOptOut(to)) || (channel === 'voice' && on(keys.voiceOptOut(to))));
  }
}
