import { describe, expect, it } from 'vitest';
import { headerValue } from '../../functions/email/adapters/ses-email-sender';
import { acknowledgementAddress, fromIsAuthenticated, isMailboxAddress } from '../../functions/email/sender-trust';

const SERVICE = ['service@95598.example.com'];

describe('fromIsAuthenticated', () => {
  it.each([
    [{ spf: 'PASS', dkim: 'PASS', dmarc: 'PASS' }, 'a@example.cn', 'a@example.cn', true],
    [{ spf: 'FAIL', dkim: 'FAIL', dmarc: 'FAIL' }, 'a@example.cn', 'a@example.cn', false],
    // DMARC failing overrides a passing SPF or DKIM of some other domain.
    [{ spf: 'PASS', dkim: 'PASS', dmarc: 'FAIL' }, 'a@example.cn', 'bounce@bulk.example.net', false],
    // No DMARC policy: SPF for the From's own domain (or a subdomain of it) is enough, another domain's is not.
    [{ spf: 'PASS', dkim: 'GRAY', dmarc: 'GRAY' }, 'a@example.cn', 'bounces@mail.example.cn', true],
    [{ spf: 'PASS', dkim: 'GRAY', dmarc: 'GRAY' }, 'a@example.cn', 'bounce@bulk.example.net', false],
    [{ spf: 'GRAY', dkim: 'PASS', dmarc: 'GRAY' }, 'a@example.cn', 'a@example.cn', false],
    [{ spf: 'PASS', dkim: 'PASS', dmarc: 'PROCESSING_FAILED' }, 'a@example.cn', 'a@example.cn', false],
  ])('%j From %s envelope %s -> %s', (verdicts, from, envelope, expected) => {
    expect(fromIsAuthenticated(verdicts, from, envelope)).toBe(expected);
  });
});

describe('acknowledgementAddress', () => {
  it('prefers Reply-To, then From', () => {
    expect(acknowledgementAddress({ replyTo: ['Home@Example.net'], from: 'a@example.cn' }, SERVICE)).toBe('home@example.net');
    expect(acknowledgementAddress({ replyTo: [], from: 'a@example.cn' }, SERVICE)).toBe('a@example.cn');
  });

  it.each([
    ['the service address', 'service@95598.example.com'],
    ['another address of the service domain', 'noreply@95598.example.com'],
    ['a subdomain of the service domain', 'x@mail.95598.example.com'],
    ['an address with CR/LF', 'a@example.cn\r\nBcc: victim@example.org'],
    ['two @', 'a@@example..cn'],
    ['no domain dot', 'root@localhost'],
    ['spaces', 'li lei@example.cn'],
    ['nothing', ''],
  ])('answers nowhere for %s', (_case, address) => {
    expect(acknowledgementAddress({ replyTo: [address], from: 'a@example.cn' }, SERVICE)).toBeUndefined();
  });

  it('knows a mailbox address', () => {
    expect(isMailboxAddress('li.lei+power@example.com.cn')).toBe(true);
    expect(isMailboxAddress(`${'a'.repeat(65)}@example.cn`)).toBe(false);
  });
});

describe('headerValue', () => {
  it('removes CR, LF and other control characters', () => {
    expect(headerValue('Re: 停电了\r\nBcc: victim@example.org\u0000')).toBe('Re: 停电了 Bcc: victim@example.org');
  });
});
