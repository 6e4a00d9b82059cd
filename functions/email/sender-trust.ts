/**
 * Whom an e-mail may be believed to come from, and where an answer may go.
 *
 * SES gives SPF, DKIM and DMARC verdicts for each message. Only DMARC ties
 * the From a person reads to an authenticated domain (SPF authenticates the
 * envelope sender, DKIM whatever domain signed). So From is trusted when
 * DMARC passes; when the From domain publishes no DMARC policy (GRAY), when
 * SPF passes for an envelope sender of the From's own domain; never when
 * DMARC fails. Mail that is not trusted still opens a ticket (a person may
 * write from a badly configured server), but it is not linked to an account,
 * joins no thread by who sent it, and is not acknowledged: an answer would
 * go to whoever the forger named, with the forger's subject in it, which is
 * exactly what makes a service a spam relay. An agent answers it after
 * reading it.
 */

export interface MailVerdicts {
  readonly spf: string;
  readonly dkim: string;
  readonly dmarc: string;
}

/**
 * Whether the From address of a mail is authenticated by the receipt verdicts.
 *
 * @example
 * fromIsAuthenticated({ spf: 'FAIL', dkim: 'FAIL', dmarc: 'FAIL' }, 'li.lei@example.cn', 'li.lei@example.cn'); // false
 * fromIsAuthenticated({ spf: 'PASS', dkim: 'GRAY', dmarc: 'PASS' }, 'li.lei@example.cn', 'li.lei@example.cn'); // true
 */
export function fromIsAuthenticated(verdicts: MailVerdicts, from: string | undefined, envelopeSender: string): boolean {
  if (!from) return false;
  const dmarc = verdicts.dmarc.toUpperCase();
  if (dmarc === 'PASS') return true;
  if (dmarc !== 'GRAY') return false;
  const envelopeDomain = domainOf(envelopeSender.trim().replace(/^<|>$/g, ''));
  const fromDomain = domainOf(from);
  // Relaxed alignment, as DMARC would check it: the same domain, or one a subdomain of the other.
  const aligned = envelopeDomain !== '' && fromDomain !== '' && (envelopeDomain === fromDomain || envelopeDomain.endsWith(`.${fromDomain}`) || fromDomain.endsWith(`.${envelopeDomain}`));
  return verdicts.spf.toUpperCase() === 'PASS' && aligned;
}

const LOCAL_PART = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const DOMAIN = /^([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z][A-Za-z0-9-]{0,62}$/;

/**
 * Whether a string is a plain, deliverable mailbox address: `local@domain`
 * with a dotted host name, no spaces, quotes, brackets or control characters
 * (so no CR/LF that could write a header), at most 254 characters.
 *
 * @example
 * isMailboxAddress('li.lei@example.cn'); // true
 * isMailboxAddress('li.lei@@example..cn'); // false
 */
export function isMailboxAddress(address: string): boolean {
  if (address.length > 254) return false;
  const at = address.lastIndexOf('@');
  if (at <= 0) return false;
  const local = address.slice(0, at);
  const domain = address.slice(at + 1);
  return local.length <= 64 && LOCAL_PART.test(local) && DOMAIN.test(domain);
}

/**
 * Where the acknowledgement of a mail goes: its Reply-To if it has one, else
 * its From; nowhere when that is not a mailbox address, or is one of the
 * service's own (an address it receives at, sends from, or any in its domain).
 *
 * @example
 * acknowledgementAddress({ replyTo: ['home@example.net'], from: 'li.lei@example.cn' }, ['service@95598.example.com']); // 'home@example.net'
 */
export function acknowledgementAddress(mail: { readonly replyTo: readonly string[]; readonly from?: string }, ownAddresses: readonly string[]): string | undefined {
  const candidate = (mail.replyTo[0] ?? mail.from ?? '').trim().toLowerCase();
  if (!isMailboxAddress(candidate)) return undefined;
  const ownDomains = new Set(ownAddresses.map(domainOf).filter((d) => d !== ''));
  const domain = domainOf(candidate);
  if (ownAddresses.some((own) => own.toLowerCase() === candidate) || ownDomains.has(domain) || [...ownDomains].some((own) => domain.endsWith(`.${own}`))) return undefined;
  return candidate;
}

function domainOf(address: string): string {
  const at = address.lastIndexOf('@');
  return at < 0 ? '' : address.slice(at + 1).toLowerCase();
}
