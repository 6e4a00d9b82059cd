/** The callbacks context's errors (issue 15); the ops API answers each class in its one table. */
export class CallbackError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'CallbackError';
  }
}

/** A field of an outcome, a review or a score missing or malformed: 400 naming the field. */
export class CallbackInputError extends CallbackError {
  constructor(
    readonly field: string,
    problem: string,
    options?: ErrorOptions,
  ) {
    super(`${field}: ${problem}`, options);
    this.name = 'CallbackInputError';
  }
}

/** The outcome does not apply in the callback's state (already reached, unreachable): 409 with that state. */
export class CallbackStateError extends CallbackError {
  constructor(
    readonly state: string,
    options?: ErrorOptions,
  ) {
    super(`The callback is ${state}: no outcome can be recorded`, options);
    this.name = 'CallbackStateError';
  }
}

export class CallbackNotFoundError extends CallbackError {
  constructor(callbackId: string, options?: ErrorOptions) {
    super(`Callback not found: ${callbackId}`, options);
    this.name = 'CallbackNotFoundError';
  }
}

/** The stage's callback windows cannot be read (CALLBACK_WINDOWS): the function refuses to start. */
export class CallbackConfigError extends CallbackError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'CallbackConfigError';
  }
}
