/**
 * libphonenumber-js's numbering metadata ("max": every number type) for
 * mainland China alone, cut from the pinned package by
 * `npm run phone:metadata` (bin/phone-metadata.ts); test/unit/mainland-phone.test.ts
 * fails when it no longer matches the package. ~5 KB instead of ~150 KB for
 * every country.
 */
export function cutMainlandMetadata(full: { version: number; country_calling_codes: Record<string, string[]>; countries: Record<string, unknown> }) {
  return { version: full.version, country_calling_codes: { '86': ['CN'] }, countries: { CN: full.countries.CN }, nonGeographic: {} };
}
