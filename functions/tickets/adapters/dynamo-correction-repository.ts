import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as keys from '../../shared/keys';
import type { CorrectionRepository, PlannedCorrection } from '../correction';
import { TicketQueries } from './ticket-queries';

/**
 * Corrections on the single table: one Query to read the ticket and its
 * timeline, one transaction to write the ticket, the timeline entry, the
 * day's counters and the correction log, conditional on the ticket's
 * `updatedAt` being the one read (so two agents cannot both count).
 */
export class DynamoCorrectionRepository implements CorrectionRepository {
  private readonly queries: TicketQueries;

  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {
    this.queries = new TicketQueries(doc, tableName);
  }

  load(ticketId: string) {
    return this.queries.get(ticketId);
  }

  async save(correction: PlannedCorrection): Promise<boolean> {
    const { ticket, corrected, entry, day, counts } = correction;
    try {
      await this.doc.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.tableName,
                Key: keys.ticket(ticket.ticketId),
                UpdateExpression:
                  'SET #type = :type, keyFields = :keyFields, due = :due, priority = :priority, confidential = :confidential, needsReview = :false, corrected = :true, keyFieldsCorrected = :keyFieldsCorrected, updatedAt = :at, gsi2sk = :gsi2sk',
                ConditionExpression: 'updatedAt = :read',
                ExpressionAttributeNames: { '#type': 'type' },
                ExpressionAttributeValues: {
                  ':type': corrected.type,
                  ':keyFields': corrected.keyFields ?? {},
                  ':due': corrected.due,
                  ':priority': corrected.priority,
                  ':confidential': corrected.confidential,
                  ':false': false,
                  ':true': true,
                  ':keyFieldsCorrected': corrected.keyFieldsCorrected ?? false,
                  ':at': corrected.updatedAt,
                  ':gsi2sk': keys.ticketsByStatus(corrected.status, corrected.type, corrected.createdAt, corrected.ticketId).gsi2sk,
                  ':read': ticket.updatedAt,
                },
              },
            },
            { Put: { TableName: this.tableName, Item: { ...keys.timelineEntry(ticket.ticketId, entry.at, entry.ref), ...entry } } },
            {
              Update: {
                TableName: this.tableName,
                Key: keys.correctionCounter(day),
                UpdateExpression: 'ADD nonQueryTickets :n, queryKeyFields :q, typeChanges :t, keyFieldChanges :k',
                ExpressionAttributeValues: { ':n': counts.nonQueryTickets, ':q': counts.queryKeyFields, ':t': counts.typeChanges, ':k': counts.keyFieldChanges },
              },
            },
            {
              Put: {
                TableName: this.tableName,
                Item: { ...keys.correctionLog(day, entry.at, ticket.ticketId), ticketId: ticket.ticketId, at: entry.at, by: entry.by, before: entry.before, after: entry.after },
              },
            },
          ],
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof TransactionCanceledException && error.CancellationReasons?.[0]?.Code === 'ConditionalCheckFailed') return false;
      throw error;
    }
  }
}
