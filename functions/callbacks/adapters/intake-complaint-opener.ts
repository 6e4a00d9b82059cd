import type { Classification } from '../../intake/classify';
import type { Contact } from '../../intake/contact';
import { recordContact, type IntakeDeps } from '../../intake/intake';
import type { Callback } from '../callback';
import { CallbackError } from '../errors';
import type { ComplaintOpener } from '../outcomes';

/** What the agent heard is a complaint (the callback decided the type, not the classifier). */
const COMPLAINT: Classification = { type: 'complaint', confidence: 1, needsReview: false, confidential: false, keyFields: {}, decidedBy: 'keypad' };

/**
 * The complaint an unsatisfied outage customer gets: recorded through intake
 * (ticket, SLA clocks, work order to the complaints department) as a voice
 * contact keyed by the callback, so a retried outcome opens no second one.
 *
 * @example
 * const complaints = new IntakeComplaintOpener(intakeDeps(config, () => COMPLAINT), () => new Date());
 */
export class IntakeComplaintOpener implements ComplaintOpener {
  constructor(
    private readonly deps: IntakeDeps,
    private readonly now: () => Date,
  ) {}

  async open(callback: Callback): Promise<string> {
    const contact: Contact = {
      channel: 'voice',
      providerMessageId: `callback-${callback.callbackId}`,
      sender: { phone: callback.phone },
      receiver: '95598',
      receivedAt: this.now().toISOString(),
      language: callback.language,
      text: callback.language === 'en' ? `Callback after ${callback.ticketNumber}: the customer is not satisfied.` : `${callback.ticketNumber} 回访：客户不满意。`,
      attachments: [],
      rawRef: `callback:${callback.callbackId}`,
    };
    const result = await recordContact(contact, this.deps, { classification: COMPLAINT });
    if (result.outcome.kind !== 'ticket_opened' && result.outcome.kind !== 'ticket_appended') throw new CallbackError(`The complaint for callback ${callback.callbackId} became ${result.outcome.kind}`);
    return result.outcome.ticketId;
  }
}

/** The classification a callback's complaint is recorded with. */
export const CALLBACK_COMPLAINT = COMPLAINT;
