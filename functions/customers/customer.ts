/** A customer in the directory (DOMAIN.md, "Who uses it"). */
export interface Customer {
  readonly accountNumber: string;
  readonly name: string;
  /** E.164 numbers bound to the account. */
  readonly phones: readonly string[];
  readonly email?: string;
  readonly address: string;
  readonly area: string;
  readonly feeder: string;
  readonly transformer: string;
  readonly important: boolean;
  readonly customerType: 'residential' | 'business';
  readonly language: 'zh-CN' | 'en';
  /** scrypt hash of the account PIN, `scrypt$<log2 N>$<salt>$<hash>` (customers/pin.ts); never the PIN. */
  readonly pinHash?: string;
}
