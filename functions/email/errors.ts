/** The e-mail context's base error. */
export class EmailError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'EmailError';
  }
}

/** The raw message named by the SES event is not in the mail store (expired, or the S3 action failed). */
export class RawMailMissingError extends EmailError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'RawMailMissingError';
  }
}

/** The raw message cannot be parsed (a header over the size limit, parts nested too deep, ...); it is kept, not retried. */
export class UnreadableMailError extends EmailError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'UnreadableMailError';
  }
}
