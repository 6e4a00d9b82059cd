/** The ops API's errors; handlers/ops-api.ts answers each class with one HTTP status, in one table. */
export class OpsError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'OpsError';
  }
}

/** A query parameter, path or body the API cannot take: 400 naming the field. */
export class MalformedOpsRequestError extends OpsError {
  constructor(
    message: string,
    /** One line per problem, each starting with the field. */
    readonly problems: readonly string[] = [message],
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'MalformedOpsRequestError';
  }
}

export class OpsNotFoundError extends OpsError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'OpsNotFoundError';
  }
}

export class OpsRouteNotFoundError extends OpsError {
  constructor(method: string, path: string, options?: ErrorOptions) {
    super(`No route for ${method} ${path}`, options);
    this.name = 'OpsRouteNotFoundError';
  }
}

/** A request body over the route's limit: 413 naming the limit. */
export class OpsBodyTooLargeError extends OpsError {
  constructor(
    readonly limitBytes: number,
    options?: ErrorOptions,
  ) {
    super(`body: at most ${limitBytes} bytes`, options);
    this.name = 'OpsBodyTooLargeError';
  }
}
