/** The intake context's base error. */
export class IntakeError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'IntakeError';
  }
}

/** A contact could not be committed after every retry (ticket numbers taken, threads closing under it): Lambda retries the event. */
export class IntakeRetryExhaustedError extends IntakeError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'IntakeRetryExhaustedError';
  }
}
