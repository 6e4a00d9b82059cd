import { paginateQuery, type DynamoDBDocumentClient, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import * as keys from '../../shared/keys';
import { INDEX } from '../../shared/table-design';
import { DEFAULT_VIEWER, listedForCustomer, readsConfidential, type Viewer } from '../confidentiality';
import { TICKET_STATUSES, TICKET_TYPES, type Ticket, type TicketStatus, type TicketType, type TimelineEntry } from '../ticket';

export interface TicketFilter {
  readonly status?: TicketStatus;
  readonly type?: TicketType;
  /** Account number, or the E.164 sender of an anonymous contact. */
  readonly customer?: string;
  /** At most this many tickets, newest first (default 100). */
  readonly limit?: number;
}

export interface TicketWithTimeline {
  readonly ticket: Ticket;
  readonly timeline: TimelineEntry[];
}

export const DEFAULT_TICKET_LIMIT = 100;

const KEY_ATTRIBUTES = ['pk', 'sk', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk'] as const;

type Item = Record<string, unknown>;

/**
 * The read side of tickets: one ticket with its timeline, and lists by
 * customer (gsi1), status and type (gsi2), newest first.
 *
 * @example
 * const queries = new TicketQueries(documentClient, 'hotline-local');
 * const open = await queries.list({ status: 'new', type: 'fault_report', limit: 20 });
 */
export class TicketQueries {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** One Query on the ticket partition: the ticket item and its `EVENT#` timeline, oldest entry first. */
  async get(ticketId: string): Promise<TicketWithTimeline | undefined> {
    const ticketSk = keys.ticket(ticketId).sk;
    const eventPrefix = prefixOf((marker) => keys.timelineEntry(ticketId, marker, '').sk);
    const items = await this.queryAll({
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.ticketPartition(ticketId) },
      ConsistentRead: true,
    });
    const ticketItem = items.find((item) => item.sk === ticketSk);
    if (!ticketItem) return undefined;
    const timeline = items
      .filter((item) => String(item.sk).startsWith(eventPrefix))
      .map((item) => withoutKeys(item) as unknown as TimelineEntry);
    return { ticket: withoutKeys(ticketItem) as unknown as Ticket, timeline };
  }

  /**
   * Tickets matching the filter, newest first. Status and type partitions are
   * each read newest first with the limit, then merged, so a list never reads
   * more than `limit` items per partition. A listing by customer leaves out
   * confidential tickets unless the viewer is the discipline-inspection office
   * (tickets/confidentiality.ts); the viewer defaults to not the office.
   */
  async list(filter: TicketFilter = {}, viewer: Viewer = DEFAULT_VIEWER): Promise<Ticket[]> {
    const limit = filter.limit ?? DEFAULT_TICKET_LIMIT;
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`limit must be a positive integer, got ${limit}`);

    if (filter.customer !== undefined) return this.listByCustomer(filter.customer, filter, limit, viewer);

    const statuses = filter.status ? [filter.status] : TICKET_STATUSES;
    // gsi2sk starts with the type, so "newest first across types" needs one read per type.
    const types = filter.type ? [filter.type] : TICKET_TYPES;
    const pages = await Promise.all(statuses.flatMap((status) => types.map((type) => this.listByStatusAndType(status, type, limit))));
    return pages.flat().sort(newestFirst).slice(0, limit);
  }

  private async listByCustomer(customer: string, filter: TicketFilter, limit: number, viewer: Viewer): Promise<Ticket[]> {
    const { gsi1pk } = keys.ticketsByCustomer(customer, '');
    const ticketPrefix = prefixOf((marker) => keys.ticketsByCustomer(customer, marker).gsi1sk);
    const conditions: string[] = [];
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = { ':pk': gsi1pk, ':prefix': ticketPrefix };
    if (filter.status) {
      conditions.push('#status = :status');
      names['#status'] = 'status';
      values[':status'] = filter.status;
    }
    if (filter.type) {
      conditions.push('#type = :type');
      names['#type'] = 'type';
      values[':type'] = filter.type;
    }
    // In the Query, not after it: the limit then counts only tickets the viewer may see.
    if (!readsConfidential(viewer)) {
      conditions.push('(attribute_not_exists(#confidential) OR #confidential = :notConfidential)');
      names['#confidential'] = 'confidential';
      values[':notConfidential'] = false;
    }
    const items = await this.queryAll(
      {
        TableName: this.tableName,
        IndexName: INDEX.byCustomerOrFeeder,
        KeyConditionExpression: 'gsi1pk = :pk AND begins_with(gsi1sk, :prefix)',
        ...(conditions.length > 0 ? { FilterExpression: conditions.join(' AND '), ExpressionAttributeNames: names } : {}),
        ExpressionAttributeValues: values,
        ScanIndexForward: false,
      },
      limit,
    );
    return items.map((item) => withoutKeys(item) as unknown as Ticket).filter((ticket) => listedForCustomer(ticket, viewer));
  }

  private async listByStatusAndType(status: TicketStatus, type: TicketType, limit: number): Promise<Ticket[]> {
    const { gsi2pk } = keys.ticketsByStatus(status, type, '', '');
    const typePrefix = prefixOf((marker) => keys.ticketsByStatus(status, type, marker, '').gsi2sk);
    const items = await this.queryAll(
      {
        TableName: this.tableName,
        IndexName: INDEX.byStatus,
        KeyConditionExpression: 'gsi2pk = :pk AND begins_with(gsi2sk, :prefix)',
        ExpressionAttributeValues: { ':pk': gsi2pk, ':prefix': typePrefix },
        ScanIndexForward: false,
      },
      limit,
    );
    return items.map((item) => withoutKeys(item) as unknown as Ticket);
  }

  /**
   * Follows pages until `limit` items are collected (a FilterExpression can make pages short) or
   * the partition ends. Every page asks for `limit` items, so a page after a short one may read up
   * to `limit` more than needed; the answer is the same.
   */
  private async queryAll(input: QueryCommandInput, limit = Infinity): Promise<Item[]> {
    const items: Item[] = [];
    for await (const page of paginateQuery({ client: this.doc, ...(Number.isFinite(limit) ? { pageSize: limit } : {}) }, input)) {
      items.push(...(page.Items ?? []));
      if (items.length >= limit) break;
    }
    return items.slice(0, limit);
  }
}

/**
 * The begins_with prefix of a key, taken from its builder (keys.ts owns every
 * layout): build the key with a marker in the variable part and cut there.
 */
function prefixOf(build: (marker: string) => string): string {
  const marker = '\u0000';
  const key = build(marker);
  return key.slice(0, key.indexOf(marker));
}

function withoutKeys(item: Item): Item {
  const rest = { ...item };
  for (const name of KEY_ATTRIBUTES) delete rest[name];
  return rest;
}

function newestFirst(a: Ticket, b: Ticket): number {
  return b.createdAt.localeCompare(a.createdAt) || b.ticketId.localeCompare(a.ticketId);
}
