/**
 * Fault triage (DOMAIN.md, "Fault intake rules"): whether a fault report
 * looks like the customer's own wiring, the utility's network, or an
 * emergency. Decided from the concepts the classifier found in the text
 * (corpus/classify/lexicon.ts), by rules an agent can read.
 */
import type { FaultTriage } from '../tickets/ticket';

export type { FaultTriage };

/**
 * The triage of a fault report.
 * 1. Emergency: fire, sparks, smoke or a shock; or a line that is down.
 * 2. Customer side: only this home, or a breaker that trips, and nothing
 *    about the street, the neighbours, a line or a transformer.
 * 3. Otherwise the network: dispatch.
 *
 * @example
 * faultTriage(new Set(['line', 'wiredown'])); // 'emergency'
 * faultTriage(new Set(['breaker', 'onlyme'])); // 'customer_side'
 * faultTriage(new Set(['nopower', 'wide'])); // 'network'
 */
export function faultTriage(concepts: ReadonlySet<string>): FaultTriage {
  if (concepts.has('emergency') || (concepts.has('wiredown') && concepts.has('line'))) return 'emergency';
  const network = concepts.has('wide') || concepts.has('transformer') || concepts.has('line') || concepts.has('voltage');
  if ((concepts.has('onlyme') || concepts.has('breaker')) && !network) return 'customer_side';
  if (concepts.has('onlyme') && concepts.has('breaker')) return 'customer_side';
  return 'network';
}
