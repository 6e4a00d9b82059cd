/** The raw message named by the SES event is not in the mail store (expired, or the S3 action failed). */
export class RawMailMissingError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'RawMailMissingError';
  }
}

/** The raw message cannot be parsed (a header over the size limit, parts nested too deep, ...); it is kept, not retried. */
export class UnreadableMailError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'UnreadableMailError';
  }
}
