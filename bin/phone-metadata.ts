/**
 * `npm run phone:metadata`: writes functions/customers/mainland-phone-metadata.json,
 * mainland China's numbering metadata cut from the pinned libphonenumber-js.
 * Run it after upgrading libphonenumber-js (test/unit/mainland-phone.test.ts says when).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cutMainlandMetadata } from '../functions/customers/mainland-phone-metadata';

const require = createRequire(import.meta.url);
const full = JSON.parse(readFileSync(require.resolve('libphonenumber-js/metadata.max.json'), 'utf8'));
const target = new URL('../functions/customers/mainland-phone-metadata.json', import.meta.url);
writeFileSync(target, `${JSON.stringify(cutMainlandMetadata(full))}\n`);
console.log(`wrote ${target.pathname}`);
