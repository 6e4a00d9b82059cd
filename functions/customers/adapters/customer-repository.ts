import { BatchWriteCommand, GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { batchGetAll } from '../../shared/batch-get';
import type { BillSummary } from '../bill-summary';
import * as keys from '../../shared/keys';
import type { Customer } from '../customer';
import { customerLink } from '../customer-link';

const BATCHES_IN_FLIGHT = 4;

/** The customer directory: profiles, feeder index, phone/e-mail links, and each account's latest bill. The one place these items are read. */
export class CustomerRepository {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /**
   * Writes profiles and their links in batches of 25, retrying unprocessed items. A profile carries
   * its numbers that are on the SMS opt-out ledger (`smsOptedOutPhones`, as intake's STOP writes it),
   * read here first: a re-imported profile keeps them.
   */
  async saveCustomers(customers: readonly Customer[]): Promise<void> {
    const optedOut = await this.smsOptedOut(customers.flatMap((c) => c.phones));
    const items: Record<string, unknown>[] = customers.flatMap((customer) => {
      const link = customerLink(customer);
      const stopped = customer.phones.filter((phone) => optedOut.has(phone));
      return [
        {
          ...keys.customerProfile(customer.accountNumber),
          ...keys.customerByFeeder(customer.feeder, customer.accountNumber),
          ...customer,
          ...(stopped.length > 0 ? { smsOptedOutPhones: new Set(stopped) } : {}),
        },
        ...customer.phones.map((phone) => ({ ...keys.directoryLink(keys.phonePartition(phone), customer.accountNumber), ...link })),
        ...(customer.email ? [{ ...keys.directoryLink(keys.emailPartition(customer.email), customer.accountNumber), ...link }] : []),
      ];
    });
    // Which feeders an area has, for outage fan-out by area (outbound planner); once per area and feeder in this call.
    const areaFeeders = new Map(customers.map((c) => [`${c.area}\u0000${c.feeder}`, { ...keys.areaFeeder(c.area, c.feeder), area: c.area, feeder: c.feeder }]));
    items.push(...areaFeeders.values());
    const writeBatch = async (batch: Record<string, unknown>[]) => {
      let requests: Record<string, { PutRequest?: { Item: Record<string, unknown> } }[]> | undefined = { [this.tableName]: batch.map((Item) => ({ PutRequest: { Item } })) };
      for (let attempt = 0; requests && Object.keys(requests).length > 0; attempt++) {
        if (attempt > 0) await new Promise((r) => setTimeout(r, Math.min(1000, 50 * 2 ** attempt)));
        const result = await this.doc.send(new BatchWriteCommand({ RequestItems: requests as never }));
        requests = result.UnprocessedItems as typeof requests;
      }
    };
    // Four batches in flight: a directory import is thousands of batches, and each waits a round trip.
    for (let i = 0; i < items.length; i += 25 * BATCHES_IN_FLIGHT) {
      const batches: Record<string, unknown>[][] = [];
      for (let j = i; j < Math.min(items.length, i + 25 * BATCHES_IN_FLIGHT); j += 25) batches.push(items.slice(j, j + 25));
      await Promise.all(batches.map(writeBatch));
    }
  }

  /** Which of `phones` are on the SMS opt-out ledger. */
  private async smsOptedOut(phones: readonly string[]): Promise<Set<string>> {
    const items = await batchGetAll(this.doc, this.tableName, phones.map((phone) => keys.smsOptOut(phone)), { projection: 'pk' });
    return new Set(items.map((item) => String(item.pk).slice(keys.phonePartition('').length)));
  }

  async getProfile(accountNumber: string): Promise<Customer | undefined> {
    const { Item } = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: keys.customerProfile(accountNumber) }));
    if (!Item) return undefined;
    const { pk: _pk, sk: _sk, gsi1pk: _g1, gsi1sk: _g2, ...customer } = Item;
    return customer as Customer;
  }

  /** The latest bill summary of an account (`BILL#LATEST`), as self-service reads it to a verified customer. */
  async latestBill(accountNumber: string): Promise<BillSummary | undefined> {
    const { Item } = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: keys.latestBill(accountNumber) }));
    if (!Item) return undefined;
    const { period, kwh, billAmountFen, balanceDueFen, dueDate } = Item;
    return { accountNumber, period, kwh, billAmountFen, balanceDueFen, dueDate };
  }

  /** Replaces an account's latest bill summary (the local seed, tests; in AWS a billing feed). */
  async saveLatestBill(bill: BillSummary): Promise<void> {
    await this.doc.send(new PutCommand({ TableName: this.tableName, Item: { ...keys.latestBill(bill.accountNumber), ...bill } }));
  }
}
