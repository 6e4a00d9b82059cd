import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as keys from '../../shared/keys';
import type { BillSummary } from '../../customers/bill-summary';
import { CustomerRepository } from '../../customers/adapters/customer-repository';
import type { FaultDraft } from '../fault-report';
import type { CallStateRepository } from '../ports';

const epochSeconds = (at: Date) => Math.floor(at.getTime() / 1000);

/**
 * The IVR's items on the single table: the latest bill next
 * to the customer profile, per-call state next to the contact item (TTL on
 * `expiresAt`; reads also check the time, as TTL deletes lazily).
 */
export class DynamoCallStateRepository implements CallStateRepository {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly customers = new CustomerRepository(doc, tableName),
  ) {}

  async customerProfile(accountNumber: string) {
    const profile = await this.customers.getProfile(accountNumber);
    return profile && { accountNumber: profile.accountNumber, pinHash: profile.pinHash, area: profile.area, feeder: profile.feeder };
  }

  async latestBill(accountNumber: string): Promise<BillSummary | undefined> {
    return this.customers.latestBill(accountNumber);
  }

  async saveVerification(contactKey: string, accountNumber: string, expiresAt: Date): Promise<void> {
    await this.doc.send(
      new PutCommand({ TableName: this.tableName, Item: { ...keys.callState(contactKey, 'VERIFIED'), accountNumber, expiresAt: epochSeconds(expiresAt) } }),
    );
  }

  async verifiedAccount(contactKey: string, now: Date): Promise<string | undefined> {
    const { Item } = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: keys.callState(contactKey, 'VERIFIED'), ConsistentRead: true }));
    if (!Item || Number(Item.expiresAt) <= epochSeconds(now)) return undefined;
    return String(Item.accountNumber);
  }

  async saveFaultDraft(contactKey: string, draft: FaultDraft, expiresAt: Date): Promise<void> {
    await this.doc.send(new PutCommand({ TableName: this.tableName, Item: { ...keys.callState(contactKey, 'FAULT_DRAFT'), ...draft, expiresAt: epochSeconds(expiresAt) } }));
  }

  async faultDraft(contactKey: string, now: Date): Promise<FaultDraft | undefined> {
    const { Item } = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: keys.callState(contactKey, 'FAULT_DRAFT'), ConsistentRead: true }));
    if (!Item || Number(Item.expiresAt) <= epochSeconds(now)) return undefined;
    return { symptom: Item.symptom, accountNumber: Item.accountNumber, ownAccount: Item.ownAccount };
  }

  async requestSmsUpdates(outageId: string, contactKey: string): Promise<boolean> {
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.outageReport(outageId, contactKey),
          UpdateExpression: 'SET smsUpdates = :yes',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':yes': true },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }
}
