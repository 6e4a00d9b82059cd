import { beforeAll, describe, expect, it } from 'vitest';
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { TicketQueries } from '../../functions/tickets/adapters/ticket-queries';
import * as keys from '../../functions/shared/keys';
import { freshTable } from '../support/dynamo';

const CUSTOMER = '3300000099';
let queries: TicketQueries;
let queryRequests = 0;

/** Ticket n of the customer, created n minutes after 08:00; every third one resolved. */
function ticketItem(n: number): Record<string, unknown> {
  const ticketId = `261123-0000-${String(n).padStart(4, '0')}`;
  const createdAt = new Date(Date.UTC(2026, 10, 23, 0, n)).toISOString();
  const status = n % 3 === 0 ? 'resolved' : 'new';
  return {
    ...keys.ticket(ticketId),
    ...keys.ticketsByCustomer(CUSTOMER, createdAt),
    ...keys.ticketsByStatus(status, 'fault_report', createdAt, ticketId),
    ticketId,
    createdAt,
    status,
    type: 'fault_report',
    // Big enough that DynamoDB's 1 MB page limit cuts a Query of these into several pages.
    padding: 'x'.repeat(40_000),
  };
}

beforeAll(async () => {
  const { doc, tableName } = await freshTable('ticket-queries');
  queries = new TicketQueries(doc, tableName);
  doc.middlewareStack.add((next, context) => async (args) => {
    if (context.commandName === 'QueryCommand') queryRequests++;
    return next(args);
  });
  const items = Array.from({ length: 60 }, (_, n) => ticketItem(n));
  for (let i = 0; i < items.length; i += 25) {
    await doc.send(new BatchWriteCommand({ RequestItems: { [tableName]: items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })) } }));
  }
});

describe('TicketQueries.list by customer (pages followed with paginateQuery)', () => {
  it('gives exactly the limit, newest first, across pages a status filter makes short', async () => {
    queryRequests = 0;
    const tickets = await queries.list({ customer: CUSTOMER, status: 'new', limit: 30 });
    expect(queryRequests).toBeGreaterThan(1);
    const expected = Array.from({ length: 60 }, (_, n) => 59 - n).filter((n) => n % 3 !== 0).slice(0, 30);
    expect(tickets.map((t) => t.ticketId)).toEqual(expected.map((n) => `261123-0000-${String(n).padStart(4, '0')}`));
  });

  it('gives every match when there are fewer than the limit, across all pages', async () => {
    const tickets = await queries.list({ customer: CUSTOMER, status: 'resolved', limit: 100 });
    expect(tickets).toHaveLength(20);
  });
});
