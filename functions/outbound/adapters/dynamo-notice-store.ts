import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { batchGetAll } from '../../shared/batch-get';
import * as keys from '../../shared/keys';
import { INDEX } from '../../shared/table-design';
import { NoticesNotCreatedError } from '../errors';
import type { Notice } from '../notice';
import type { AfterFailure, NoticeStore, OptOutLedger, ReceiptStore, SentBy } from '../ports';

const OPEN = { ':pending': 'pending', ':retrying': 'retrying' };
const IS_OPEN = '#status IN (:pending, :retrying)';
/** Actions in one TransactWriteItems (DynamoDB's limit), and so notices in one `createNew`. */
export const MAX_NOTICES_PER_CREATE = 100;
/** Rounds of a group's transaction (conflicts, throttling) before the caller is told to retry. */
const MAX_CREATE_ROUNDS = 8;
/** Why a cancelled transaction may go through if sent again; any other reason (validation, size) is thrown. */
const RETRYABLE_CANCELLATIONS = new Set(['None', 'TransactionConflict', 'ThrottlingError', 'ProvisionedThroughputExceeded']);
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

  /**
   * Creates, of up to MAX_NOTICES_PER_CREATE notices with distinct ids, those
   * that do not exist yet, and never writes over one that does: for each, true
   * if this call created it. One consistent BatchGetItem of the keys, then one
   * TransactWriteItems of the absent ones, each Put conditioned on
   * `attribute_not_exists(pk)`.
   *
   * Why this shape (issue 14): the condition on every Put is the guarantee, so
   * no race can reset a notice, whoever else writes it. Unconditional
   * BatchWriteItem of the keys a read found absent was measured faster, even
   * guarded by a per-chunk lease item, but a lease only excludes writers that
   * take the same lease: the same notice id also comes from the API with the
   * same batch id, from a same-named file under another prefix or re-cut into
   * other chunks, from a writer still running when its lease expired, and
   * from the SDK resending a BatchWriteItem whose answer was lost; if the
   * dispatcher claimed or sent the notice in between, the blind Put resets
   * it to `pending` and it is sent twice. BatchWriteItem cannot carry a
   * condition or a fencing token, so no lease closes that. A transaction of
   * 100 conditional Puts is one request per 100 notices, twice the write
   * units of a Put in AWS; on DynamoDB Local it writes about 2x the notices a
   * second of conditional PutItem and 0.3x those of BatchWriteItem
   * (bench/billing-file.ts).
   * The read first is not for correctness but to keep the transaction off
   * notices that exist (a re-submitted file, a re-run after a crash): the
   * dispatcher may be updating those, and an update of an item inside a
   * transaction fails with TransactionConflictException; a missed `markSent`
   * would send again. Only a notice created by another writer between this
   * read and this transaction reaches the transaction, where its condition
   * fails. A cancelled transaction says why per action: `ConditionalCheckFailed`
   * exists (false), the rest are sent again (another writer's transaction on
   * the same notice, throttling), a few rounds with backoff. An SDK retry of a
   * transaction whose answer was lost carries the same ClientRequestToken, so
   * DynamoDB answers success without applying it twice.
   *
   * @example
   * const created = await store.createNew(notices.slice(0, MAX_NOTICES_PER_CREATE));
   */
  async createNew(notices: readonly Notice[]): Promise<boolean[]> {
    if (notices.length > MAX_NOTICES_PER_CREATE) throw new RangeError(`createNew takes at most ${MAX_NOTICES_PER_CREATE} notices, got ${notices.length}`);
    const created = notices.map(() => false);
    const existing = await this.existingNoticeIds(notices.map((n) => n.noticeId));
    let todo = notices.flatMap((notice, i) => (existing.has(notice.noticeId) ? [] : [i]));
    for (let round = 0, contended = false; todo.length > 0; round++) {
      if (round >= MAX_CREATE_ROUNDS) throw new NoticesNotCreatedError(`${todo.length} notice(s) not created after ${round} transactions`);
      if (contended) await sleep(Math.min(2000, 50 * 2 ** round) * (0.5 + Math.random() / 2));
      try {
        await this.doc.send(
          new TransactWriteCommand({
            TransactItems: todo.map((i) => ({ Put: { TableName: this.tableName, Item: noticeItem(notices[i] as Notice), ConditionExpression: 'attribute_not_exists(pk)' } })),
          }),
        );
        for (const i of todo) created[i] = true;
        todo = [];
      } catch (error) {
        if (!(error instanceof TransactionCanceledException)) throw error;
        const codes = todo.map((_, k) => error.CancellationReasons?.[k]?.Code ?? 'None');
        const refused = codes.find((code) => code !== 'ConditionalCheckFailed' && !RETRYABLE_CANCELLATIONS.has(code));
        if (refused) throw new NoticesNotCreatedError(`transaction cancelled: ${refused}`, { cause: error });
        contended = codes.some((code) => code !== 'None' && code !== 'ConditionalCheckFailed');
        todo = todo.filter((_, k) => codes[k] !== 'ConditionalCheckFailed');
      }
    }
    return created;
  }

  /** Which of these notices exist (consistent read, keys only). */
  private async existingNoticeIds(noticeIds: readonly string[]): Promise<Set<string>> {
    const items = await batchGetAll(this.doc, this.tableName, noticeIds.map((id) => keys.notice(id)), {
      projection: 'pk',
      consistent: true,
      incomplete: (message) => new NoticesNotCreatedError(message),
    });
    return new Set(items.map((item) => String(item.pk).slice(keys.notice('').pk.length)));
  }

  async get(noticeId: string): Promise<Notice | undefined> {
    const { Item } = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: keys.notice(noticeId), ConsistentRead: true }));
    return Item ? noticeOf(Item) : undefined;
  }

  async getMany(noticeIds: readonly string[]): Promise<ReadonlyMap<string, Notice>> {
    const items = await batchGetAll(this.doc, this.tableName, noticeIds.map((id) => keys.notice(id)), { consistent: true });
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
    const items = await batchGetAll(this.doc, this.tableName, numbers.flatMap((e164) => [keys.smsOptOut(e164), keys.voiceOptOut(e164)]));
    const entries = new Set(items.map((item) => `${String(item.pk)}|${String(item.sk)}`));
    const on = (key: { pk: string; sk: string }) => entries.has(`${key.pk}|${key.sk}`);
    return recipients.map(({ to, channel }) => on(keys.smsOptOut(to)) || (channel === 'voice' && on(keys.voiceOptOut(to))));
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
