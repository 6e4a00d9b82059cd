import { BatchGetCommand, GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as keys from '../../shared/keys';
import type { EmailThread, EmailThreadRepository, HeldMail } from '../ports';

/** Message ids are kept for a year: replies to older mail start a new ticket anyway. */
const MESSAGE_TTL_SECONDS = 366 * 24 * 3600;
/** Participants kept per thread; more is a mailing list, not a conversation. */
const MAX_PARTICIPANTS = 50;

/** E-mail threading data on the single table (keys.emailMessage, emailThread, emailSubject, emailHeld). */
export class DynamoEmailThreads implements EmailThreadRepository {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async thread(ticketId: string): Promise<EmailThread | undefined> {
    const { Item } = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: keys.emailThread(ticketId), ConsistentRead: true }));
    if (!Item) return undefined;
    return { ticketId: String(Item.ticketId), ticketType: Item.ticketType, participants: [...((Item.participants as Set<string> | undefined) ?? [])] };
  }

  async ticketsOfMessages(messageIds: readonly string[]): Promise<ReadonlyMap<string, string>> {
    // Message-IDs are compared case-insensitively (the key is lower-case); the answer is keyed by the ids as asked.
    const found = new Map<string, string>();
    const unique = [...new Set(messageIds.map((id) => id.toLowerCase()))].slice(0, 100);
    if (unique.length === 0) return found;
    const byLowerCase = new Map<string, string>();
    let request: Record<string, { Keys: Record<string, unknown>[] }> | undefined = {
      [this.tableName]: { Keys: unique.map((id) => keys.emailMessage(id)) },
    };
    for (let attempt = 0; request && Object.keys(request).length > 0 && attempt < 5; attempt++) {
      const result = await this.doc.send(new BatchGetCommand({ RequestItems: request }));
      for (const item of result.Responses?.[this.tableName] ?? []) byLowerCase.set(String(item.messageId).toLowerCase(), String(item.ticketId));
      request = result.UnprocessedKeys as typeof request;
    }
    for (const id of messageIds) {
      const ticketId = byLowerCase.get(id.toLowerCase());
      if (ticketId !== undefined) found.set(id, ticketId);
    }
    return found;
  }

  async ticketOfSubject(senderPartition: string, subjectHash: string) {
    const { Item } = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: keys.emailSubject(senderPartition, subjectHash), ConsistentRead: true }));
    return Item ? { ticketId: String(Item.ticketId), lastAt: String(Item.lastAt) } : undefined;
  }

  async remember(entry: Parameters<EmailThreadRepository['remember']>[0]): Promise<void> {
    const { thread, at } = entry;
    const expiresAt = Math.floor(new Date(at).getTime() / 1000) + MESSAGE_TTL_SECONDS;
    const participants = thread.participants.slice(0, MAX_PARTICIPANTS);
    await Promise.all([
      ...entry.messageIds.map((messageId) =>
        this.doc.send(new PutCommand({ TableName: this.tableName, Item: { ...keys.emailMessage(messageId), messageId, ticketId: thread.ticketId, expiresAt } })),
      ),
      this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.emailThread(thread.ticketId),
          UpdateExpression: 'SET ticketId = :t, ticketType = if_not_exists(ticketType, :type), updatedAt = :at' + (participants.length > 0 ? ' ADD participants :p' : ''),
          ExpressionAttributeValues: { ':t': thread.ticketId, ':type': thread.ticketType, ':at': at, ...(participants.length > 0 ? { ':p': new Set(participants) } : {}) },
        }),
      ),
      this.rememberSubject(entry, expiresAt),
    ]);
  }

  /** The sender's subject pointer (fallback threading); only for a sender whose From is authenticated. */
  private async rememberSubject(entry: Parameters<EmailThreadRepository['remember']>[0], expiresAt: number): Promise<void> {
    const { thread, at } = entry;
    if (!entry.senderPartition) return;
    await this.doc.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.emailSubject(entry.senderPartition, entry.subjectHash),
        // A redelivery of an older mail must not move the pointer back.
        UpdateExpression: 'SET ticketId = :t, lastAt = :at, expiresAt = :exp',
        ConditionExpression: 'attribute_not_exists(lastAt) OR lastAt <= :at',
        ExpressionAttributeValues: { ':t': thread.ticketId, ':at': at, ':exp': expiresAt },
      }),
    ).catch((error: unknown) => {
      if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
    });
  }

  async hold(record: HeldMail): Promise<void> {
    await this.doc.send(new PutCommand({ TableName: this.tableName, Item: { ...keys.emailHeld(record.sesMessageId), ...record } }));
  }
}
