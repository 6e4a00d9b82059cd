/** The outage context's errors; handlers/outage-api.ts answers each class with one HTTP status, in one table. */
export class OutageError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'OutageError';
  }
}

/** Well-formed but not acceptable (a planned outage less than 7 days ahead, an ETR in the past): 422 with the reasons. */
export class OutageValidationError extends OutageError {
  constructor(
    message: string,
    /** One line per problem, for the caller. */
    readonly problems: readonly string[],
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'OutageValidationError';
  }
}

/** Not JSON, or fields missing or of the wrong shape: 400 with one line per problem. */
export class MalformedOutageRequestError extends OutageValidationError {
  constructor(message: string, problems: readonly string[], options?: ErrorOptions) {
    super(message, problems, options);
    this.name = 'MalformedOutageRequestError';
  }
}

export class OutageNotFoundError extends OutageError {
  constructor(readonly outageId: string) {
    super(`No outage ${outageId}`);
    this.name = 'OutageNotFoundError';
  }
}

/** The id is taken by an outage with other facts, or the outage is restored and cannot change: 409. */
export class OutageConflictError extends OutageError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'OutageConflictError';
  }
}

/** No route for this method and path: 404. */
export class OutageRouteNotFoundError extends OutageError {
  constructor(method: string, path: string) {
    super(`No route for ${method} ${path}`);
    this.name = 'OutageRouteNotFoundError';
  }
}

/** The local stand-in for IAM: a missing or wrong `x-api-key`: 401. */
export class OutageApiKeyError extends OutageError {
  constructor() {
    super('Missing or wrong x-api-key');
    this.name = 'OutageApiKeyError';
  }
}

/** The feeder's suspicion claim kept changing hands while the cluster watch decided: the stream batch is retried. */
export class SuspicionClaimContendedError extends OutageError {
  constructor(readonly feeder: string) {
    super(`The suspicion claim of feeder ${feeder} kept changing while deciding`);
    this.name = 'SuspicionClaimContendedError';
  }
}
