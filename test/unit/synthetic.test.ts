import { describe, it, expect } from 'vitest';
import { demoPin, syntheticCustomers } from '../../functions/customers/synthetic';
import { toE164 } from '../../functions/customers/phone';
import { verifyPin } from '../../functions/customers/pin';
import { detectLanguage } from '../../functions/intake/classify';

// Every customer costs one scrypt hash (~30 ms): enough for the ratios, no more.
const customers = syntheticCustomers(250);

describe('syntheticCustomers', () => {
  it('is the same directory for the same seed and another for another seed', () => {
    expect(syntheticCustomers(5)).toEqual(customers.slice(0, 5));
    expect(syntheticCustomers(5, 2).map((c) => c.accountNumber)).not.toEqual(customers.slice(0, 5).map((c) => c.accountNumber));
  });

  it('gives unique 10-digit account numbers and unique valid mobile numbers', () => {
    expect(customers).toHaveLength(250);
    expect(customers.every((c) => /^\d{10}$/.test(c.accountNumber))).toBe(true);
    expect(new Set(customers.map((c) => c.accountNumber)).size).toBe(250);
    const phones = customers.flatMap((c) => c.phones);
    expect(phones.every((phone) => /^\+861[358]\d{9}$/.test(phone) && toE164(phone) === phone)).toBe(true);
    expect(new Set(phones).size).toBe(phones.length);
  });

  it('spreads customers over four areas with three feeders each', () => {
    const feedersByArea = new Map<string, Set<string>>();
    for (const c of customers) {
      expect(c.feeder.startsWith(`${c.area}-`)).toBe(true);
      expect(c.transformer.startsWith(`${c.feeder}-`)).toBe(true);
      feedersByArea.set(c.area, (feedersByArea.get(c.area) ?? new Set()).add(c.feeder));
    }
    expect([...feedersByArea.keys()].sort()).toEqual(['HZ-BINJIANG', 'HZ-XIHU', 'NB-HAISHU', 'WZ-LUCHENG']);
    expect([...feedersByArea.values()].every((feeders) => feeders.size === 3)).toBe(true);
  });

  it('has about 5% important, 25% business and 20% English-speaking customers', () => {
    const share = (predicate: (c: (typeof customers)[number]) => boolean) => customers.filter(predicate).length / customers.length;
    expect(share((c) => c.important)).toBeGreaterThan(0.02);
    expect(share((c) => c.important)).toBeLessThan(0.09);
    expect(share((c) => c.customerType === 'business')).toBeGreaterThan(0.18);
    expect(share((c) => c.customerType === 'business')).toBeLessThan(0.36);
    expect(share((c) => c.language === 'en')).toBeGreaterThan(0.13);
    expect(share((c) => c.language === 'en')).toBeLessThan(0.27);
    expect(customers.filter((c) => c.important).every((c) => c.customerType === 'business')).toBe(true);
  });

  it('names and addresses customers in their own language', () => {
    for (const c of customers) {
      expect(detectLanguage(c.name, 'en'), c.name).toBe(c.language);
      expect(detectLanguage(c.address, 'en'), c.address).toBe(c.language);
    }
  });

  it('lets a demo verify any customer with the documented PIN rule', () => {
    for (const c of customers.slice(0, 3)) {
      expect(verifyPin(demoPin(c.accountNumber), c.pinHash ?? '')).toBe(true);
      expect(verifyPin('0000', c.pinHash ?? '')).toBe(demoPin(c.accountNumber) === '0000');
    }
  });
});
