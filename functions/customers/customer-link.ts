import type { Customer } from './customer';

/**
 * What intake needs to know about a customer without reading the profile:
 * copied onto every phone and e-mail link so the sender look-up is one Query.
 */
export type CustomerLink = Pick<Customer, 'accountNumber' | 'area' | 'feeder' | 'transformer' | 'important' | 'customerType' | 'language'>;

export function customerLink(customer: Customer): CustomerLink {
  const { accountNumber, area, feeder, transformer, important, customerType, language } = customer;
  return { accountNumber, area, feeder, transformer, important, customerType, language };
}
