import type { BillSummary } from '../customers/bill-summary';

export interface RateLimitWindow {
  /** What is limited: `session:<id>` or `ip:<address>` (PIN attempts are limited per account, customers/pin-lockout.ts). */
  readonly subject: string;
  readonly limit: number;
  readonly windowSeconds: number;
}

export interface ChatStore {
  /** Counts one request in the current window; false when the limit is already reached. */
  countRequest(window: RateLimitWindow, now: Date): Promise<boolean>;
  /** The account a session verified with its PIN, while the verification lasts. */
  verifiedAccount(sessionId: string, now: Date): Promise<string | undefined>;
  /** Marks the session verified and links it to the customer (so intake knows who reports). */
  saveVerification(sessionId: string, accountNumber: string, expiresAt: Date): Promise<void>;
}

export interface ChatDirectory {
  customer(accountNumber: string): Promise<{ readonly accountNumber: string; readonly area: string; readonly feeder: string; readonly pinHash?: string; readonly language: 'zh-CN' | 'en' } | undefined>;
  latestBill(accountNumber: string): Promise<BillSummary | undefined>;
}

export interface AgentHandover {
  /** Starts an Amazon Connect chat carrying the ticket number; returns what the page needs to join. */
  start(request: { readonly ticketId: string; readonly sessionId: string; readonly displayName: string; readonly language: 'zh-CN' | 'en'; readonly clientToken: string }): Promise<{
    readonly contactId: string;
    readonly participantId: string;
    readonly participantToken: string;
    /** Base URL of the Amazon Connect Participant Service the page joins the chat through (`<endpoint>/participant/connection`, ...). */
    readonly participantEndpoint: string;
  }>;
}
