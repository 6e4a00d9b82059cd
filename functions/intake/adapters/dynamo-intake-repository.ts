import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, paginateQuery, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { CustomerLink } from '../../customers/customer-link';
import * as keys from '../../shared/keys';
import { workOrderItem } from '../../workorders/work-order-item';
import { CLOSED_TICKET_STATUSES, type TicketType } from '../../tickets/ticket';
import type { Contact } from '../contact';
import type { CommitResult, IntakePlan, IntakeRepository, ReportTicket, SenderContext, StoredContact, ThreadPointer } from '../ports';

type TransactItem = NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']>[number];

/** `:closed0, :closed1, ...` bound to the closed statuses, for a condition that the ticket is still open. */
const CLOSED_VALUES = Object.fromEntries(CLOSED_TICKET_STATUSES.map((status, i) => [`:closed${i}`, status]));
const CONFLICT_RETRIES = 8;
/** Where the open-thread pointer sits in an open-ticket or append transaction (contact, ticket, timeline, pointer). */
const POINTER_INDEX = 3;

/**
 * Intake's reads and its one transaction per contact, on the single table.
 * Item 0 of every transaction is the contact, conditional on not existing,
 * so a cancellation reason at index 0 means "this contact is a duplicate".
 */
export class DynamoIntakeRepository implements IntakeRepository {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** One Query on the sender partition: directory links, opt-out, open-ticket pointers. */
  async loadSender(partition: string): Promise<SenderContext> {
    const links: CustomerLink[] = [];
    const threads: ThreadPointer[] = [];
    let smsOptedOut = false;
    const pages = paginateQuery({ client: this.doc }, { TableName: this.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': partition } });
    for await (const page of pages) {
      for (const item of page.Items ?? []) {
        const sk = String(item.sk);
        if (sk.startsWith('CUSTOMER#')) links.push(item as unknown as CustomerLink);
        else if (sk === 'OPTOUT#SMS') smsOptedOut = true;
        else if (sk.startsWith('THREAD#')) {
          threads.push({ ticketType: item.ticketType as TicketType, ticketId: String(item.ticketId), lastContactAt: String(item.lastContactAt) });
        }
      }
    }
    links.sort((a, b) => a.accountNumber.localeCompare(b.accountNumber));
    return { partition, links, smsOptedOut, threads };
  }

  /** One GetItem of the quoted account's profile, projected to what a directory link holds. */
  async quotedAccount(accountNumber: string): Promise<CustomerLink | undefined> {
    const { Item } = await this.doc.send(
      new GetCommand({
        TableName: this.tableName,
        Key: keys.customerProfile(accountNumber),
        ProjectionExpression: 'accountNumber, area, feeder, transformer, important, customerType, #language',
        ExpressionAttributeNames: { '#language': 'language' },
      }),
    );
    return Item ? (Item as CustomerLink) : undefined;
  }

  async storedContact(contactKey: string): Promise<StoredContact | undefined> {
    const { Item } = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: keys.contact(contactKey), ConsistentRead: true }));
    if (!Item) return undefined;
    return { outcome: Item.outcome, language: Item.language, replyAllowed: Item.replyAllowed };
  }

  async recordedContact(contactKey: string): Promise<Contact | undefined> {
    const { Item } = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: keys.contact(contactKey), ConsistentRead: true }));
    if (!Item) return undefined;
    const { channel, providerMessageId, sender, receiver, receivedAt, language, text, attachments, rawRef } = Item;
    return { channel, providerMessageId, sender, receiver, receivedAt, language, text, attachments: attachments ?? [], rawRef } as Contact;
  }

  async commitReportTicket(reportTicket: ReportTicket): Promise<'committed' | 'ticket_number_taken' | 'already'> {
    const { ticket, entry } = reportTicket;
    try {
      await this.doc.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.tableName,
                Key: keys.outageReport(reportTicket.outageId, reportTicket.contactKey),
                UpdateExpression: 'SET ticketId = :ticket, reopenedAsTicket = :true',
                ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(ticketId)',
                ExpressionAttributeValues: { ':ticket': ticket.ticketId, ':true': true },
              },
            },
            {
              Put: {
                TableName: this.tableName,
                Item: {
                  ...keys.ticket(ticket.ticketId),
                  ...keys.ticketsByCustomer(reportTicket.customerKey, ticket.createdAt),
                  ...keys.ticketsByStatus(ticket.status, ticket.type, ticket.createdAt, ticket.ticketId),
                  ...ticket,
                },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            { Put: { TableName: this.tableName, Item: { ...keys.timelineEntry(ticket.ticketId, entry.at, entry.ref), ...entry } } },
            ...(reportTicket.workOrder ? [{ Put: { TableName: this.tableName, Item: workOrderItem(reportTicket.workOrder) } }] : []),
          ],
        }),
      );
      return 'committed';
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const reasons = error.CancellationReasons?.map((r) => r.Code ?? 'None') ?? [];
      if (reasons[0] === 'ConditionalCheckFailed') return 'already';
      if (reasons[1] === 'ConditionalCheckFailed') return 'ticket_number_taken';
      throw error;
    }
  }

  async commit(plan: IntakePlan): Promise<CommitResult> {
    const items = [this.contactItem(plan), ...this.changeItems(plan)];
    for (let attempt = 0; ; attempt++) {
      try {
        await this.doc.send(new TransactWriteCommand({ TransactItems: items }));
        return { kind: 'committed' };
      } catch (error) {
        if (!(error instanceof TransactionCanceledException)) throw error;
        const reasons = error.CancellationReasons?.map((r) => r.Code ?? 'None') ?? [];
        if (reasons[0] === 'ConditionalCheckFailed') {
          const stored = await this.storedContact(plan.contactKey);
          if (stored) return { kind: 'duplicate', stored };
        }
        if (reasons.includes('TransactionConflict') && attempt < CONFLICT_RETRIES) {
          // A concurrent delivery of the same contact (or a write to the same ticket): wait, then try again;
          // the retry then sees the duplicate through the contact condition.
          // Full jitter: many contacts of one sender joining one ticket at once must not retry in step.
          await new Promise((r) => setTimeout(r, Math.floor(Math.random() * 25 * 2 ** Math.min(attempt, 5))));
          continue;
        }
        if (reasons[1] === 'ConditionalCheckFailed') {
          return plan.change.kind === 'open_ticket' ? { kind: 'ticket_number_taken' } : { kind: 'thread_closed' };
        }
        if (reasons[POINTER_INDEX] === 'ConditionalCheckFailed' && (plan.change.kind === 'open_ticket' || plan.change.kind === 'append_to_ticket')) {
          return { kind: 'thread_moved' };
        }
        throw error;
      }
    }
  }

  private contactItem(plan: IntakePlan): TransactItem {
    const { contact } = plan;
    return {
      Put: {
        TableName: this.tableName,
        Item: {
          ...keys.contact(plan.contactKey),
          contactKey: plan.contactKey,
          ...contact,
          accountNumber: plan.accountNumber,
          outcome: plan.outcome,
          language: plan.language,
          replyAllowed: plan.replyAllowed,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    };
  }

  private changeItems(plan: IntakePlan): TransactItem[] {
    const { change } = plan;
    const at = plan.contact.receivedAt;
    switch (change.kind) {
      case 'open_ticket': {
        const { ticket, entry } = change;
        return [
          {
            Put: {
              TableName: this.tableName,
              Item: {
                ...keys.ticket(ticket.ticketId),
                ...keys.ticketsByCustomer(change.customerKey, ticket.createdAt),
                ...keys.ticketsByStatus(ticket.status, ticket.type, ticket.createdAt, ticket.ticketId),
                ...ticket,
              },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          { Put: { TableName: this.tableName, Item: { ...keys.timelineEntry(ticket.ticketId, entry.at, entry.ref), ...entry } } },
          this.threadPointer(plan, ticket.type, ticket.ticketId, at),
          // The department's work order: no ticket without its order, no order without its ticket.
          ...(change.workOrder ? [{ Put: { TableName: this.tableName, Item: workOrderItem(change.workOrder) } }] : []),
          // Issue 13: the report the cluster watch counts (from the table stream), in one of the window's shards.
          ...(change.clusterReport
            ? [
                {
                  Put: {
                    TableName: this.tableName,
                    Item: { ...keys.clusterReport(change.clusterReport.report.transformer, change.clusterReport.windowStart, change.clusterReport.shard, plan.contactKey), ...change.clusterReport.report },
                  },
                },
              ]
            : []),
        ];
      }
      case 'append_to_ticket':
        return [
          {
            Update: {
              TableName: this.tableName,
              Key: keys.ticket(change.ticketId),
              UpdateExpression: 'SET updatedAt = :at',
              ConditionExpression: `attribute_exists(pk) AND NOT (#status IN (${Object.keys(CLOSED_VALUES).join(', ')}))`,
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: { ':at': at, ...CLOSED_VALUES },
            },
          },
          { Put: { TableName: this.tableName, Item: { ...keys.timelineEntry(change.ticketId, change.entry.at, change.entry.ref), ...change.entry } } },
          this.threadPointer(plan, change.ticketType, change.ticketId, at),
        ];
      case 'join_outage':
        // Only the report item: updating the outage item itself from every one of
        // thousands of storm reports would make the transactions conflict on it.
        return [
          {
            Put: {
              TableName: this.tableName,
              Item: {
                ...keys.outageReport(change.outageId, plan.contactKey),
                contactKey: plan.contactKey,
                channel: plan.contact.channel,
                sender: change.reporter.sender,
                accountNumber: change.reporter.accountNumber,
                language: plan.language,
                reportedAt: at,
              },
            },
          },
        ];
      case 'opt_out':
        return [
          { Put: { TableName: this.tableName, Item: { ...keys.smsOptOut(plan.contact.sender.phone ?? ''), optedOutAt: at, viaContact: plan.contactKey } } },
          ...this.profileOptOuts('ADD', plan.contact.sender.phone ?? '', change.accounts),
        ];
      case 'opt_in':
        return [
          { Delete: { TableName: this.tableName, Key: keys.smsOptOut(plan.contact.sender.phone ?? '') } },
          ...this.profileOptOuts('DELETE', plan.contact.sender.phone ?? '', change.accounts),
        ];
      case 'none':
        return [];
    }
  }

  /**
   * The ledger's copy on each linked profile (`smsOptedOutPhones`, a string set), in the same
   * transaction: the outage planner reads it with the customers of a feeder instead of a second read
   * per customer. Unconditional: a STOP is never refused over a profile (links are written with it).
   */
  private profileOptOuts(action: 'ADD' | 'DELETE', phone: string, accounts: readonly string[]): TransactItem[] {
    return accounts.map((account) => ({
      Update: {
        TableName: this.tableName,
        Key: keys.customerProfile(account),
        UpdateExpression: `${action} smsOptedOutPhones :phone`,
        ExpressionAttributeValues: { ':phone': new Set([phone]) },
      },
    }));
  }

  /**
   * The open-thread pointer, conditional on naming what the plan read (nothing, or that ticket): the
   * pointer is the sender's lock, so simultaneous messages of one type cannot open two tickets.
   */
  private threadPointer(plan: IntakePlan, ticketType: TicketType, ticketId: string, at: string): TransactItem {
    const Item = { ...keys.threadPointer(plan.senderPartition, ticketType), ticketType, ticketId, lastContactAt: at };
    const was = plan.threadPointerWas;
    if (was === undefined) return { Put: { TableName: this.tableName, Item } };
    return was === null
      ? { Put: { TableName: this.tableName, Item, ConditionExpression: 'attribute_not_exists(pk)' } }
      : { Put: { TableName: this.tableName, Item, ConditionExpression: 'ticketId = :was', ExpressionAttributeValues: { ':was': was } } };
  }
}
