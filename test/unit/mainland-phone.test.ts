import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { toE164 } from '../../functions/customers/phone';
import { toMainlandE164 } from '../../functions/customers/mainland-phone';
import { cutMainlandMetadata } from '../../functions/customers/mainland-phone-metadata';
import committed from '../../functions/customers/mainland-phone-metadata.json';

describe('mainland China numbers (billing)', () => {
  it('reads mobile and fixed-line numbers as people write them, as toE164 does', () => {
    for (const raw of ['13800138000', '138 0013 8000', '+86 138-0013-8001', '008613800138002', '0571-8765 4321', '(010) 6552 9988', '１３８００１３８０００']) {
      expect(toMainlandE164(raw)).toBeDefined();
      expect(toMainlandE164(raw)).toBe(toE164(raw));
    }
  });

  it('refuses numbers no operator issues, and numbers outside mainland China', () => {
    for (const raw of ['12345678901', '1380013800', 'not a number', '+44 20 7946 0018', '+852 9123 4567', '+1 415 555 2671']) expect(toMainlandE164(raw)).toBeUndefined();
  });

  it('holds the metadata of the pinned libphonenumber-js (npm run phone:metadata after an upgrade)', () => {
    const require = createRequire(import.meta.url);
    const full = JSON.parse(readFileSync(require.resolve('libphonenumber-js/metadata.max.json'), 'utf8'));
    expect(committed).toEqual(cutMainlandMetadata(full));
  });
});
