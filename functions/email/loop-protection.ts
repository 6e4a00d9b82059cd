import type { ParsedEmail } from './mime';

const NULL_SENDERS = /^(mailer-daemon|postmaster|no-?reply|do-?not-?reply)@/i;

/**
 * Why a message was sent by a machine (RFC 3834 and common practice), or
 * undefined for a person. Such mail is never answered: answering an
 * out-of-office or a bounce is how mail loops start.
 *
 * @example
 * automatedMailReason(mail, ''); // 'null_sender' for a bounce
 */
export function automatedMailReason(mail: ParsedEmail, envelopeSender: string): string | undefined {
  const h = mail.headers;
  const envelope = envelopeSender.trim().replace(/^<|>$/g, '');
  if (envelope === '' || /^mailer-daemon@/i.test(envelope)) return 'null_sender';
  if (h['return-path'] !== undefined && /^<\s*>$/.test(h['return-path'])) return 'null_sender';
  const autoSubmitted = h['auto-submitted']?.split(';')[0]?.trim().toLowerCase();
  if (autoSubmitted && autoSubmitted !== 'no') return 'auto_submitted';
  if (/^(bulk|junk|list|auto_reply)$/i.test(h.precedence?.trim() ?? '')) return 'precedence';
  if (h['list-id'] !== undefined || h['list-unsubscribe'] !== undefined) return 'mailing_list';
  if (h['x-autoreply'] !== undefined || h['x-autorespond'] !== undefined) return 'auto_reply';
  if (/\b(AutoReply|OOF|All)\b/i.test(h['x-auto-response-suppress'] ?? '') && /^(auto|自动)/i.test(mail.subject)) return 'auto_reply';
  const from = mail.from?.address ?? '';
  if (from === '') return 'null_sender';
  if (NULL_SENDERS.test(from)) return 'machine_sender';
  return undefined;
}
