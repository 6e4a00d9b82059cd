/** The tickets context's base error (calendar, SLA clocks, lifecycle). */
export class TicketError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'TicketError';
  }
}
