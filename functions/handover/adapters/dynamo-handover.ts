import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { paginateQuery, PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoCallbacks } from '../../callbacks/adapters/dynamo-callbacks';
import type { Callback } from '../../callbacks/callback';
import { OutageReader } from '../../outages/adapters/outage-reader';
import type { Outage } from '../../outages/outage';
import * as keys from '../../shared/keys';
import { INDEX } from '../../shared/table-design';
import { TICKET_STATUSES, isOpen } from '../../tickets/ticket';
import type { WorkOrder } from '../../workorders/work-order';
import type { ChaseLine, ChaseSource, HandoverRecord, HandoverSources, OpenTicketLine } from '../ports';

/**
 * What the handover reads from the table: open tickets by status (gsi2, one
 * Query per open status, only the fields counted), the active outages, the
 * centre's open callbacks (never the office's), and the handover records.
 *
 * @example
 * const sources = new DynamoHandoverSources(documentClient, 'hotline-local', 'Asia/Shanghai');
 */
export class DynamoHandoverSources implements HandoverSources {
  private readonly outages: OutageReader;
  private readonly callbacks: DynamoCallbacks;

  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
    timeZone: string,
  ) {
    this.outages = new OutageReader(doc, tableName);
    this.callbacks = new DynamoCallbacks(doc, tableName, timeZone);
  }

  async openTickets(): Promise<OpenTicketLine[]> {
    const lines: OpenTicketLine[] = [];
    for (const status of TICKET_STATUSES.filter(isOpen)) {
      const pages = paginateQuery(
        { client: this.doc },
        {
          TableName: this.tableName,
          IndexName: INDEX.byStatus,
          KeyConditionExpression: 'gsi2pk = :pk',
          ExpressionAttributeValues: { ':pk': keys.ticketsByStatus(status, '', '', '').gsi2pk },
          ProjectionExpression: 'ticketId, #type, #status, priority, createdAt, confidential, summary',
          ExpressionAttributeNames: { '#type': 'type', '#status': 'status' },
        },
      );
      for await (const page of pages) {
        for (const item of page.Items ?? []) {
          const confidential = item.confidential === true;
          lines.push({
            ticketId: String(item.ticketId), type: item.type, status: item.status, priority: item.priority, createdAt: String(item.createdAt), confidential,
            ...(confidential || typeof item.summary !== 'string' ? {} : { summary: item.summary.slice(0, 140) }),
          } as OpenTicketLine);
        }
      }
    }
    return lines;
  }

  activeOutages(): Promise<Outage[]> {
    return this.outages.listActive();
  }

  callbacksDue(before: string): Promise<Callback[]> {
    return this.callbacks.open('centre', before);
  }

  async lastHandover(): Promise<HandoverRecord | undefined> {
    const { Items } = await this.doc.send(
      new QueryCommand({ TableName: this.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': keys.handover('', '').pk }, ScanIndexForward: false, Limit: 1 }),
    );
    const item = Items?.[0];
    if (!item) return undefined;
    const { pk: _pk, sk: _sk, ...record } = item;
    return record as HandoverRecord;
  }

  async recordHandover(record: HandoverRecord): Promise<void> {
    try {
      await this.doc.send(new PutCommand({ TableName: this.tableName, Item: { ...keys.handover(record.acceptedAt, record.acceptedBy), ...record }, ConditionExpression: 'attribute_not_exists(pk)' }));
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }
}

/**
 * The steps to chase, read from the departments' inboxes (gsi1, earliest
 * due first, only what is due within the warning margin): what the incoming
 * shift must chase, from the orders themselves (see `ChaseSource`).
 *
 * @example
 * const chases = new WorkOrderDueChases(documentClient, 'hotline-local', ['repair-HZ-XIHU', 'billing']);
 */
export class WorkOrderDueChases implements ChaseSource {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly departments: readonly string[],
    private readonly warningMinutes = 30,
  ) {}

  async chases(now: Date): Promise<ChaseLine[]> {
    const until = new Date(now.getTime() + this.warningMinutes * 60_000).toISOString();
    const lines: ChaseLine[] = [];
    for (const departmentId of this.departments) {
      const pages = paginateQuery(
        { client: this.doc },
        {
          TableName: this.tableName,
          IndexName: INDEX.byCustomerOrFeeder,
          KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk BETWEEN :from AND :until',
          ExpressionAttributeValues: { ':pk': keys.workOrdersByDepartment(departmentId, '', '').gsi1pk, ':from': 'ORDER#', ':until': `ORDER#${until}~` },
        },
      );
      for await (const page of pages) {
        for (const item of (page.Items ?? []) as unknown as WorkOrder[]) {
          if (item.reroutedTo) continue;
          for (const [milestone, due] of Object.entries(item.due)) {
            if (due > until) continue;
            lines.push({ orderId: item.orderId, ticketId: item.ticketId, departmentId, milestone, due, overdue: Date.parse(due) < now.getTime() });
          }
        }
      }
    }
    return lines.sort((a, b) => a.due.localeCompare(b.due));
  }
}
