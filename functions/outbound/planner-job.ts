/**
 * The outage notice planner (issue 5, scope 2): one planning job writes one
 * plan's notices to the outbox, page by page, whatever the customer count.
 */
import type { Customer } from '../customers/customer';
import type { Outage } from '../outages/outage';
import { planKey, type PlanningJob } from '../outages/ports';
import { phoneFingerprint } from '../shared/fingerprint';
import type { Notice } from './notice';
import { planRecipientNotices, type NoticeRecipient } from './planner';

/** What the planner reads of a customer profile; `smsOptedOutPhones`: its numbers on the SMS opt-out ledger (intake keeps the copy). */
export type PlanCustomer = Pick<Customer, 'accountNumber' | 'phones' | 'language' | 'important' | 'customerType'> & { readonly smsOptedOutPhones?: ReadonlySet<string> };

/** A position in a paged read (DynamoDB's LastEvaluatedKey), opaque to the planner. */
export type PageCursor = Readonly<Record<string, unknown>>;

export interface Page<T> {
  readonly items: readonly T[];
  readonly next?: PageCursor;
}

/** A reporter attached to the outage by intake (`REPORT#` item). */
export interface OutageReporter {
  /** The sender partition: `PHONE#<e164>`, `EMAIL#...`, `CHAT#...`. */
  readonly sender: string;
  readonly accountNumber?: string;
  readonly language?: Notice['language'];
}

export interface PlannerDirectory {
  feedersOfAreas(areas: readonly string[]): Promise<string[]>;
  customersOnFeeder(feeder: string, cursor?: PageCursor): Promise<Page<PlanCustomer>>;
  reporters(outageId: string, cursor?: PageCursor): Promise<Page<OutageReporter>>;
  profiles(accountNumbers: readonly string[]): Promise<Map<string, PlanCustomer>>;
}

/** The SMS opt-out ledger, for reporters (a directory customer's profile carries its own opt-outs). */
export interface OptOutLookup {
  /** The numbers of `e164s` on the SMS opt-out ledger. */
  optedOut(e164s: readonly string[]): Promise<Set<string>>;
}

export interface NoticeWriter {
  /** Unconditional batch writes (BatchWriteItem): the fast path for pages never written before. */
  putAll(notices: readonly Notice[]): Promise<void>;
  /** Conditional writes: a notice that exists (maybe already sent) is left alone. */
  putNew(notices: readonly Notice[]): Promise<void>;
}

/** Progress of one plan, saved after each page: the resume cursor and the counts. */
export interface PlanProgress {
  readonly outageId: string;
  readonly planKey: string;
  /** Index into the plan's segments (sorted feeders, then reporters). */
  readonly segment: number;
  readonly cursor?: PageCursor;
  readonly written: number;
  readonly suppressed: number;
  /** Customers or reporters with no number to text. */
  readonly skipped: number;
  readonly completed: boolean;
  readonly updatedAt: string;
}

export interface PlanProgressStore {
  load(outageId: string, planKey: string): Promise<PlanProgress | undefined>;
  save(progress: PlanProgress): Promise<void>;
}

export interface PlannerDeps {
  readonly outages: { get(outageId: string): Promise<Outage | undefined> };
  readonly directory: PlannerDirectory;
  readonly optOuts: OptOutLookup;
  readonly notices: NoticeWriter;
  readonly progress: PlanProgressStore;
  readonly now: () => Date;
  readonly timeZone: string;
}

export type PlanOutcome =
  | { readonly status: 'planned' | 'already_planned'; readonly progress: PlanProgress }
  /** Nothing to plan: the outage is gone, restored before its initial/ETR notices went out, or a newer ETR was announced. */
  | { readonly status: 'superseded' | 'no_outage'; readonly planKey: string };

type Segment = { readonly kind: 'feeder'; readonly feeder: string } | { readonly kind: 'reporters' };

/**
 * Pages written beyond the last saved progress at any time: a page's progress is saved while the
 * next page is written, so the table's round trip for the save does not stall the writes.
 */
const PAGES_AHEAD_OF_PROGRESS = 1;

/**
 * Plans one job's notices.
 *
 * Primary course:
 * 1. Skip a plan that is done, superseded (restored before the initial/ETR notices, or a newer ETR announced) or of no outage.
 * 2. Save a progress marker before writing anything, so any rerun knows it is one.
 * 3. For each affected feeder (named ones and those of named areas), page by page: customers, with
 *    the opt-outs their profiles carry (the next page is read while this one is written), one SMS
 *    each (and a call for important customers), batch-written; progress saved after every page
 *    (while the next is written).
 * 4. Restoration only: the reporters of the outage and their opt-outs (the ledger), written
 *    conditionally (a reporter who is also an affected customer already has that notice).
 * 5. Mark the plan complete.
 *
 * Replays: a redelivered job resumes at the saved cursor, and the pages that may have been written
 * past it (the one at the cursor and the one after, whose write overlapped the cursor's save) are
 * written conditionally, so a notice the dispatcher already sent is never reset to pending.
 *
 * @example
 * await planOutageNotices({ outageId: 'OUT-1', plan: 'initial', revision: 0 }, deps);
 */
export async function planOutageNotices(job: PlanningJob, deps: PlannerDeps): Promise<PlanOutcome> {
  const key = planKey(job);
  const outage = await deps.outages.get(job.outageId);
  if (!outage) return { status: 'no_outage', planKey: key };
  const supersededByRestoration = job.plan !== 'restored' && outage.status === 'restored';
  const supersededByNewerEtr = job.plan === 'etr_changed' && (outage.etrRevision ?? 0) > job.revision;
  if (supersededByRestoration || supersededByNewerEtr) return { status: 'superseded', planKey: key };

  let progress = await deps.progress.load(outage.outageId, key);
  if (progress?.completed) return { status: 'already_planned', progress };
  // A rerun may find written, maybe sent, notices in the pages past its cursor: PAGES_AHEAD_OF_PROGRESS + 1 pages go conditionally.
  let conditionalPages = progress !== undefined ? PAGES_AHEAD_OF_PROGRESS + 1 : 0;
  if (!progress) {
    progress = { outageId: outage.outageId, planKey: key, segment: 0, written: 0, suppressed: 0, skipped: 0, completed: false, updatedAt: deps.now().toISOString() };
    await deps.progress.save(progress);
  }

  const feeders = [...new Set([...outage.feeders, ...(await deps.directory.feedersOfAreas(outage.areas))])].sort();
  const segments: Segment[] = [...feeders.map((feeder) => ({ kind: 'feeder' as const, feeder })), ...(job.plan === 'restored' ? [{ kind: 'reporters' as const }] : [])];
  const context = { outage, job, now: deps.now(), timeZone: deps.timeZone };
  // The save of the last page's progress, left in flight while the next page is written (it is awaited before the next save).
  let saving: Promise<void> = Promise.resolve();

  for (let index = progress.segment; index < segments.length; index++) {
    const segment = segments[index] as Segment;
    const read: (cursor?: PageCursor) => Promise<RecipientPage> = segment.kind === 'feeder' ? (cursor?: PageCursor) => customerPage(segment.feeder, cursor, deps) : (cursor?: PageCursor) => reporterPage(outage.outageId, cursor, deps);
    let pending: Promise<RecipientPage> = prefetch(read(index === progress.segment ? progress.cursor : undefined));
    for (;;) {
      const page: RecipientPage = await pending;
      if (page.next) pending = prefetch(read(page.next));
      const notices = page.recipients.flatMap((r) => planRecipientNotices(r.recipient, r.optedOut, context));
      // Reporters may be affected customers too: always conditional, so their notice is not written twice.
      if (conditionalPages > 0 || segment.kind === 'reporters') await deps.notices.putNew(notices);
      else await deps.notices.putAll(notices);
      conditionalPages = Math.max(0, conditionalPages - 1);
      progress = {
        ...progress,
        segment: page.next ? index : index + 1,
        cursor: page.next,
        written: progress.written + notices.length,
        suppressed: progress.suppressed + notices.filter((n) => n.status === 'suppressed_opt_out').length,
        skipped: progress.skipped + page.skipped,
        updatedAt: deps.now().toISOString(),
      };
      // The last page's save ran during these writes; wait for it before this page's save and the next
      // page's writes, so at most one page runs past the saved cursor (and a failed save stops the plan here).
      await saving;
      saving = prefetch(deps.progress.save(progress));
      if (!page.next) break;
    }
  }
  await saving;
  progress = { ...progress, completed: true, updatedAt: deps.now().toISOString() };
  await deps.progress.save(progress);
  return { status: 'planned', progress };
}

interface RecipientPage {
  readonly recipients: readonly { recipient: NoticeRecipient; optedOut: boolean }[];
  readonly skipped: number;
  readonly next?: PageCursor;
}

/** Marks a read-ahead promise as handled: if the current page's writes fail first, its rejection must not crash the process. */
function prefetch<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => {});
  return promise;
}

/*
 * A customer's opt-outs come with the page (the profile's copy of the ledger): a second read of one
 * ledger item per customer cost DynamoDB about a third of what writing the notices did (bench/run.ts).
 */
async function customerPage(feeder: string, cursor: PageCursor | undefined, deps: PlannerDeps): Promise<RecipientPage> {
  const page = await deps.directory.customersOnFeeder(feeder, cursor);
  const recipients = page.items.flatMap((customer) => {
    const to = customer.phones[0];
    if (!to) return [];
    const recipient = { accountNumber: customer.accountNumber, recipientKey: customer.accountNumber, to, language: customer.language, important: customer.important, customerType: customer.customerType };
    return [{ recipient, optedOut: customer.smsOptedOutPhones?.has(to) ?? false }];
  });
  return { recipients, skipped: page.items.length - recipients.length, next: page.next };
}

async function reporterPage(outageId: string, cursor: PageCursor | undefined, deps: PlannerDeps): Promise<RecipientPage> {
  const page = await deps.directory.reporters(outageId, cursor);
  const accounts = [...new Set(page.items.flatMap((r) => (r.accountNumber ? [r.accountNumber] : [])))];
  const profiles = accounts.length > 0 ? await deps.directory.profiles(accounts) : new Map<string, PlanCustomer>();
  const byKey = new Map<string, NoticeRecipient>();
  let skipped = 0;
  for (const reporter of page.items) {
    const profile = reporter.accountNumber ? profiles.get(reporter.accountNumber) : undefined;
    // The number they reported from first: that is the one they are watching.
    const to = reporter.sender.startsWith('PHONE#') ? reporter.sender.slice('PHONE#'.length) : profile?.phones[0];
    if (!to) {
      skipped++;
      continue;
    }
    const recipientKey = reporter.accountNumber ?? phoneFingerprint(to);
    byKey.set(recipientKey, {
      recipientKey,
      accountNumber: reporter.accountNumber ?? '',
      to,
      language: profile?.language ?? reporter.language ?? 'zh-CN',
      important: profile?.important ?? false,
      customerType: profile?.customerType ?? 'residential',
    });
  }
  return withOptOuts([...byKey.values()], skipped, page.next, deps);
}

async function withOptOuts(recipients: NoticeRecipient[], skipped: number, next: PageCursor | undefined, deps: PlannerDeps): Promise<RecipientPage> {
  const optedOut = recipients.length > 0 ? await deps.optOuts.optedOut([...new Set(recipients.map((r) => r.to))]) : new Set<string>();
  return { recipients: recipients.map((recipient) => ({ recipient, optedOut: optedOut.has(recipient.to) })), skipped, next };
}
