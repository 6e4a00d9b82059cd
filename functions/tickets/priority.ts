import type { Priority, TicketType } from './ticket';

/**
 * Queue priority: important customers (hospitals, water works, ...) and
 * emergencies (a fallen line, fire, sparks, a shock) first, then faults and
 * complaints, then everything else.
 *
 * @example
 * ticketPriority({ important: false, type: 'fault_report' }); // 2
 * ticketPriority({ important: false, type: 'fault_report', emergency: true }); // 1
 */
export function ticketPriority(input: { readonly important: boolean; readonly type: TicketType; readonly emergency?: boolean }): Priority {
  if (input.important || (input.emergency && input.type === 'fault_report')) return 1;
  return input.type === 'fault_report' || input.type === 'complaint' ? 2 : 3;
}
