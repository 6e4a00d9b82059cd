/** The clocks context's base error: what sla-watch and the sweep cannot do. */
export class ClockError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ClockError';
  }
}

/** A message on the sla-watch queue that is not a clock (`{ orderId, milestone, dueAt }`): never retried into success; it rests in the DLQ. */
export class InvalidClockMessageError extends ClockError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'InvalidClockMessageError';
  }
}

/** The order names a department the routing config does not know: nobody to chase. */
export class UnknownDepartmentError extends ClockError {
  constructor(
    readonly departmentId: string,
    options?: ErrorOptions,
  ) {
    super(`No department ${departmentId} in the routing config`, options);
    this.name = 'UnknownDepartmentError';
  }
}
