/** The billing context's errors; handlers/billing-notices.ts answers each class with one HTTP status, in one table. */
export class BillingError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'BillingError';
  }
}

/** A request with more items than one call takes: rejected whole, nothing written (413). */
export class TooManyItemsError extends BillingError {
  constructor(
    readonly count: number,
    readonly max: number,
  ) {
    super(`A request takes at most ${max} items, got ${count}; split the batch`);
    this.name = 'TooManyItemsError';
  }
}

/** A body larger than the API reads: refused before parsing, with the limit (413). */
export class BillingPayloadTooLargeError extends BillingError {
  constructor(readonly maxBytes: number) {
    super(`The body is over ${maxBytes} bytes; send at most 1,000 items per request`);
    this.name = 'BillingPayloadTooLargeError';
  }
}

/** Not JSON, or not `{ batchId, items }`: 400 with one line per problem, naming the field. */
export class MalformedBillingRequestError extends BillingError {
  constructor(
    message: string,
    readonly problems: readonly string[],
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'MalformedBillingRequestError';
  }
}

/** No route for this method and path (404). */
export class BillingRouteNotFoundError extends BillingError {
  constructor(method: string, path: string) {
    super(`No route for ${method} ${path}; use POST /billing/notices`);
    this.name = 'BillingRouteNotFoundError';
  }
}
