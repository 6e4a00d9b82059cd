import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { keys } from '../../shared/keys';
import type { BillSummary } from '../bill-summary';
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
  ) {}

  async customerProfile(accountNumber: string) {
    const { Item } = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: keys.customerProfile(accountNumber), ProjectionExpression: 'accountNumber, pinHash, area, feeder' }),
    );
    return Item as { accountNumber: string; pinHash?: string; area: string; feeder: string } | undefined;
  }

  async latestBill(accountNumber: string): Promise<BillSummary | undefined> {
    const { Item } = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: keys.latestBill(accountNumber) }));
    if (!Item) return undefined;
    const { accountNumber: account, period, kwh, billAmountFen, balanceDueFen, dueDate } = Item;
    return { accountNumber: account, period, kwh, billAmountFen, balanceDueFen, dueDate };
  }

  async saveLatestBill(bill: BillSummary): Promise<void> {
    await this.doc.send(new PutCommand({ TableName: this.tableName, Item: { ...keys.latestBill(bill.accountNumber), ...bill } }));
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
