/** Outage API errors; the handler maps each class to one HTTP status (handlers/outage-api.ts). */

/** Well-formed but not acceptable (a planned outage less than 7 days ahead, an ETR in the past): 422 with the reasons. */
export class OutageValidationError extends Error {
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

export class OutageNotFoundError extends Error {
  constructor(readonly outageId: string) {
    super(`No outage ${outageId}`);
    this.name = 'OutageNotFoundError';
  }
}

/** The id is taken by an outage with other facts, or the outage is restored and cannot change: 409. */
export class OutageConflictError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'OutageConflictError';
  }
}

/** Not JSON, or fields missing or of the wrong shape: 400 with one line per problem. */
export class MalformedOutageRequestError extends OutageValidationError {
  constructor(message: string, problems: readonly string[], options?: ErrorOptions) {
    super(message, problems, options);
    this.name = 'MalformedOutageRequestError';
  }
}
