import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, TransactWriteCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { customerLink } from '../../customers/customer-link';
import type { Customer } from '../../customers/customer';
import { keys } from '../../shared/keys';
import type { BillSummary } from '../../voice/bill-summary';
import type { ChatDirectory, ChatStore, RateLimitWindow } from '../ports';

const epochSeconds = (at: Date) => Math.floor(at.getTime() / 1000);

/** Chat sessions, rate-limit counters (fixed windows, TTL-expired) and directory reads on the single table. */
export class DynamoChatStore implements ChatStore, ChatDirectory {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
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
    const profile = await this.profile(accountNumber);
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
    const profile = await this.profile(accountNumber);
    if (!profile) return undefined;
    return { accountNumber: profile.accountNumber, area: profile.area, feeder: profile.feeder, pinHash: profile.pinHash, language: profile.language };
  }

  async latestBill(accountNumber: string): Promise<BillSummary | undefined> {
    const { Item } = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: keys.latestBill(accountNumber) }));
    if (!Item) return undefined;
    const { period, kwh, billAmountFen, balanceDueFen, dueDate } = Item;
    return { accountNumber, period, kwh, billAmountFen, balanceDueFen, dueDate };
  }

  /** For tests and the seed: a bill summary as the billing feed writes it. */
  async saveLatestBill(bill: BillSummary): Promise<void> {
    await this.doc.send(new PutCommand({ TableName: this.tableName, Item: { ...keys.latestBill(bill.accountNumber), ...bill } }));
  }

  private async profile(accountNumber: string): Promise<Customer | undefined> {
    const { Item } = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: keys.customerProfile(accountNumber) }));
    return Item as Customer | undefined;
  }
}
