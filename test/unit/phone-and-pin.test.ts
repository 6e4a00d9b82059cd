import { describe, it, expect, vi } from 'vitest';
import { toE164 } from '../../functions/customers/phone';
import { asE164 } from '../../functions/customers/e164';
import { emailFingerprint, fingerprint, LogTagKeyMissingError, phoneFingerprint } from '../../functions/shared/fingerprint';
import { hashPin, verifyPin } from '../../functions/customers/pin';
import { InvalidPinError, InvalidPinHashError } from '../../functions/customers/errors';

describe('toE164', () => {
  it.each([
    ['13800138000', '+8613800138000'],
    ['+86 138-0013-8000', '+8613800138000'],
    ['8613800138000', '+8613800138000'],
    ['１３８００１３８０００', '+8613800138000'],
    ['0571-8765 4321', '+8657187654321'],
    ['+1 202 555 0123', '+12025550123'],
    ['+44 20 7946 0018', '+442079460018'],
  ])('%s -> %s', (raw, e164) => {
    expect(toE164(raw)).toBe(e164);
  });

  it('rejects numbers no operator issues', () => {
    expect(toE164('12345678901')).toBeUndefined();
    expect(toE164('1380013800')).toBeUndefined();
    expect(toE164('not a number')).toBeUndefined();
  });

  it('reads national numbers in the given country', () => {
    expect(toE164('020 7946 0018', 'GB')).toBe('+442079460018');
  });
});

describe('asE164', () => {
  it('passes provider numbers already in E.164 and refuses anything else', () => {
    expect(asE164('+8613800138000')).toBe('+8613800138000');
    expect(asE164('13800138000')).toBeUndefined();
    expect(asE164('+1')).toBeUndefined();
    expect(asE164('+86 138 0013 8000')).toBeUndefined();
    expect(asE164('+8613800138000<script>')).toBeUndefined();
  });
});

describe('fingerprints', () => {
  it('tags a phone number without any of its digits in clear', () => {
    const tag = phoneFingerprint('+8613800138000');
    expect(tag).toMatch(/^ph_[0-9a-f]{10}$/);
    expect(tag).not.toContain('138');
    expect(phoneFingerprint('+8613800138000')).toBe(tag);
    expect(phoneFingerprint('+8613800138001')).not.toBe(tag);
  });

  it('tags e-mail addresses case-insensitively', () => {
    expect(emailFingerprint('Li.Na@Example.com ')).toBe(emailFingerprint('li.na@example.com'));
    expect(emailFingerprint('li.na@example.com')).toMatch(/^em_[0-9a-f]{10}$/);
  });

  it('changes with the secret, so a table of hashed numbers does not reverse it', () => {
    expect(fingerprint('ph', '+8613800138000', 'stage-secret')).not.toBe(fingerprint('ph', '+8613800138000', 'other-secret'));
    expect(fingerprint('chat', 'session-1')).toMatch(/^chat_[0-9a-f]{10}$/);
  });

  it("keys every log tag with the key in use, and refuses to tag without one (no unkeyed hash)", () => {
    vi.stubEnv('LOG_TAG_KEY', 'stage-secret');
    try {
      expect(phoneFingerprint('+8613800138000')).toBe(fingerprint('ph', '+8613800138000', 'stage-secret'));
      vi.stubEnv('LOG_TAG_KEY', '');
      expect(() => phoneFingerprint('+8613800138000')).toThrow(LogTagKeyMissingError);
    } finally {
      vi.unstubAllEnvs();
    }
  });
});

describe('PIN hashing', () => {
  it('stores a salted scrypt hash that verifies the right PIN only', () => {
    const hash = hashPin('2580');
    expect(hash).toMatch(/^scrypt\$14\$[0-9a-f]{32}\$[0-9a-f]{64}$/);
    expect(hash).not.toContain('2580');
    expect(verifyPin('2580', hash)).toBe(true);
    expect(verifyPin('2581', hash)).toBe(false);
    expect(verifyPin('02580', hash)).toBe(false);
  });

  it('salts every hash, so equal PINs do not show as equal hashes', () => {
    expect(hashPin('12345678')).not.toBe(hashPin('12345678'));
  });

  it('refuses PINs that are not 4 to 8 digits, without echoing them', () => {
    for (const pin of ['123', '123456789', '12a4', ' 1234']) {
      expect(() => hashPin(pin)).toThrow(InvalidPinError);
    }
    expect(() => hashPin('123')).toThrow(expect.objectContaining({ name: 'InvalidPinError', message: expect.not.stringContaining('123') }));
  });

  it('treats a malformed typed PIN as a mismatch and a malformed stored hash as corrupt data', () => {
    const hash = hashPin('2580');
    expect(verifyPin('25', hash)).toBe(false);
    expect(() => verifyPin('2580', 'sha1$abc')).toThrow(InvalidPinHashError);
  });
});
