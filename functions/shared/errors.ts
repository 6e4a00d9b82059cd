/**
 * Input that can never succeed however often it is retried: the handler
 * keeps the raw payload in the rejected-contacts queue and does not retry.
 */
export class InvalidInputError extends Error {
  constructor(
    message: string,
    /** Which part of the input was wrong, for the person reading the queue. */
    public readonly reason: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'InvalidInputError';
  }
}
