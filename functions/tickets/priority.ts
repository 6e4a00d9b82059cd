import type { Priority, TicketType } from './ticket';

/**
 * Queue priority: important customers (hospitals, water works, ...) first,
 * then faults and complaints, then everything else.
 *
 * @example
 * ticketPriority({ important: false, type: 'fault_report' }); // 2
 */
export function ticketPriority(input: { readonly important: boolean; readonly type: TicketType }): Priority {
  if (input.important) return 1;
  return input.type === 'fault_report' || input.type === 'complaint' ? 2 : 3;
}
