import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, TransactWriteCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { CustomerRepository } from '../../customers/adapters/customer-repository';
import { customerLink } from '../../customers/customer-link';
import * as keys from '../../shared/keys';
import type { BillSummary } from '../../customers/bill-summary';
import type { ChatDirectory, ChatStore, RateLimitWindow } from '../ports';

const epochSeconds = (at: Date) => Math.floor(at.getTime() / 1000);

/** Chat sessions, rate-limit counters (fixed windows, TTL-expired) and directory reads on the single table. */
export class DynamoChatStore implements ChatStore, ChatDirectory {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly customers = new CustomerRepository(doc, tableName),
  ) {}

  async countRequest(window: RateLimitWindow, now: Date): Promise<boolean> {
    const start = Math.floor(epochSeconds(now) / window.windowSeconds) * window.windowSeconds;
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.chatRate(window.subject, String(start)),
          UpdateExpression: 'ADD requests :one SET expiresAt = :exp',
          ConditionExpression: 'attribute_not_exists(requests) OR requests < :limit',
          ExpressionAttributeValues: { ':one': 1, ':limit': window.limit, ':exp': start + window.windowSeconds + 60 },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async verifiedAccount(sessionId: string, now: Date): Promise<string | undefined> {
    const { Item } = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: keys.chatSession(sessionId), ConsistentRead: true }));
    // TTL deletes lazily: the expiry is checked here too.
    return Item && Number(Item.expiresAt) > epochSeconds(now) ? String(Item.accountNumber) : undefined;
  }

  async saveVerification(sessionId: string, accountNumber: string, expiresAt: Date): Promise<void> {
    const profile = await this.customers.getProfile(accountNumber);
    const partition = keys.chatPartition(sessionId);
    await this.doc.send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: this.tableName, Item: { ...keys.chatSession(sessionId), accountNumber, expiresAt: epochSeconds(expiresAt) } } },
          // The directory link makes intake treat the session like the customer's bound phone (outage join, priority).
          ...(profile
            ? [{ Put: { TableName: this.tableName, Item: { ...keys.directoryLink(partition, accountNumber), ...customerLink(profile), expiresAt: epochSeconds(expiresAt) } } }]
            : []),
        ],
      }),
    );
  }

  async customer(accountNumber: string) {
    const profile = await this.customers.getProfile(accountNumber);
    if (!profile) return undefined;
    return { accountNumber: profile.accountNumber, area: profile.area, feeder: profile.feeder, pinHash: profile.pinHash, language: profile.language };
  }

  async latestBill(accountNumber: string): Promise<BillSummary | undefined> {
    return this.customers.latestBill(accountNumber);
  }
}
