/** The work-orders context's errors; the ops API answers each class in its one table. */
export class WorkOrderError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'WorkOrderError';
  }
}

/** A field missing, malformed, in the future or before the ticket opened: 400 naming the field. */
export class WorkOrderInputError extends WorkOrderError {
  constructor(
    readonly field: string,
    problem: string,
    options?: ErrorOptions,
  ) {
    super(`${field}: ${problem}`, options);
    this.name = 'WorkOrderInputError';
  }
}

/** The action does not apply in the order's current state: 409 with that state. */
export class WorkOrderStateError extends WorkOrderError {
  constructor(
    readonly action: string,
    readonly state: string,
    options?: ErrorOptions,
  ) {
    super(`Cannot ${action} a work order that is ${state}`, options);
    this.name = 'WorkOrderStateError';
  }
}

export class WorkOrderNotFoundError extends WorkOrderError {
  constructor(orderId: string, options?: ErrorOptions) {
    super(`Work order not found: ${orderId}`, options);
    this.name = 'WorkOrderNotFoundError';
  }
}

/** The routing configuration cannot be read: the function refuses to start. */
export class RoutingConfigError extends WorkOrderError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'RoutingConfigError';
  }
}
