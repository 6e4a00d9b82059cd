import type { Customer } from '../customers/customer';
import type { BillSummary } from '../customers/bill-summary';
import type { FaultDraft } from './fault-report';

/** The IVR's own reads and writes (intake's are reused through IntakeDeps). */
export interface CallStateRepository {
  customerProfile(accountNumber: string): Promise<Pick<Customer, 'accountNumber' | 'pinHash' | 'area' | 'feeder'> | undefined>;
  latestBill(accountNumber: string): Promise<BillSummary | undefined>;
  /** Marks the call verified for one account until `expiresAt`. */
  saveVerification(contactKey: string, accountNumber: string, expiresAt: Date): Promise<void>;
  verifiedAccount(contactKey: string, now: Date): Promise<string | undefined>;
  saveFaultDraft(contactKey: string, draft: FaultDraft, expiresAt: Date): Promise<void>;
  faultDraft(contactKey: string, now: Date): Promise<FaultDraft | undefined>;
  /** Flags the caller's outage report for restoration texts; false when there is no such report. */
  requestSmsUpdates(outageId: string, contactKey: string): Promise<boolean>;
}
