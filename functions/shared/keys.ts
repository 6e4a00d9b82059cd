/**
 * Key builders for the single table (see docs/architecture.md for the
 * access pattern each one serves). Nothing else concatenates key strings.
 */
export const keys = {
  customerProfile: (accountNumber: string) => ({ pk: `CUSTOMER#${accountNumber}`, sk: 'PROFILE' }),
  /** gsi1: customers on a feeder, for outage fan-out. */
  customerByFeeder: (feeder: string, accountNumber: string) => ({ gsi1pk: `FEEDER#${feeder}`, gsi1sk: `CUSTOMER#${accountNumber}` }),

  /** The sender partition: directory links, opt-outs and open-ticket pointers of one phone number. */
  phonePartition: (e164: string) => `PHONE#${e164}`,
  emailPartition: (email: string) => `EMAIL#${email.toLowerCase()}`,
  chatPartition: (session: string) => `CHAT#${session}`,
  directoryLink: (senderPartition: string, accountNumber: string) => ({ pk: senderPartition, sk: `CUSTOMER#${accountNumber}` }),
  smsOptOut: (e164: string) => ({ pk: `PHONE#${e164}`, sk: 'OPTOUT#SMS' }),
  threadPointer: (senderPartition: string, ticketType: string) => ({ pk: senderPartition, sk: `THREAD#${ticketType}` }),

  /** One item per contact, keyed by its idempotency key (`sms#<inboundMessageId>`). */
  contact: (contactKey: string) => ({ pk: `CONTACT#${contactKey}`, sk: 'CONTACT' }),

  ticket: (ticketId: string) => ({ pk: `TICKET#${ticketId}`, sk: 'TICKET' }),
  ticketPartition: (ticketId: string) => `TICKET#${ticketId}`,
  timelineEntry: (ticketId: string, at: string, ref: string) => ({ pk: `TICKET#${ticketId}`, sk: `EVENT#${at}#${ref}` }),
  /** gsi1: tickets of a customer (account number, or the sender when anonymous). */
  ticketsByCustomer: (customer: string, createdAt: string) => ({ gsi1pk: `CUSTOMER#${customer}`, gsi1sk: `TICKET#${createdAt}` }),
  /** gsi2: tickets by status, then type and time. */
  ticketsByStatus: (status: string, type: string, createdAt: string, ticketId: string) => ({
    gsi2pk: `STATUS#${status}`,
    gsi2sk: `${type}#${createdAt}#${ticketId}`,
  }),

  outage: (outageId: string) => ({ pk: `OUTAGE#${outageId}`, sk: 'OUTAGE' }),
  /** gsi2: the registry of active outages (small: tens, not thousands). */
  activeOutage: (declaredAt: string, outageId: string) => ({ gsi2pk: 'OUTAGES#ACTIVE', gsi2sk: `${declaredAt}#${outageId}` }),
  outageReport: (outageId: string, contactKey: string) => ({ pk: `OUTAGE#${outageId}`, sk: `REPORT#${contactKey}` }),

  /** Outbox: one item per notice, keyed by its deterministic id (outbound/notice.ts). */
  notice: (noticeId: string) => ({ pk: `NOTICE#${noticeId}`, sk: 'NOTICE' }),
  /** gsi1: notices of one source (an outage, a billing batch), for status and the unreachable list. */
  noticesBySource: (sourceKind: string, sourceId: string, noticeId: string) => ({ gsi1pk: `SOURCE#${sourceKind}#${sourceId}`, gsi1sk: `NOTICE#${noticeId}` }),
} as const;

export const ACTIVE_OUTAGES_PARTITION = 'OUTAGES#ACTIVE';
export const INDEX = { byCustomerOrFeeder: 'gsi1', byStatus: 'gsi2' } as const;
