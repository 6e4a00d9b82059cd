/** The quality context's errors (issue 15); the ops API answers each class in its one table. */
export class QualityError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'QualityError';
  }
}

/** A review, score or period the API cannot take: 400 naming the field. */
export class QualityInputError extends QualityError {
  constructor(
    readonly field: string,
    problem: string,
    options?: ErrorOptions,
  ) {
    super(`${field}: ${problem}`, options);
    this.name = 'QualityInputError';
  }
}

/** The ticket is not in that day's sample: 404. */
export class SampleItemNotFoundError extends QualityError {
  constructor(day: string, ticketId: string, options?: ErrorOptions) {
    super(`Ticket ${ticketId} is not in the sample of ${day}`, options);
    this.name = 'SampleItemNotFoundError';
  }
}

/** Reviewed already, with another verdict: 409 (a review is not rewritten; the first one counts). */
export class AlreadyReviewedError extends QualityError {
  constructor(ticketId: string, options?: ErrorOptions) {
    super(`Ticket ${ticketId} was already reviewed with another verdict`, options);
    this.name = 'AlreadyReviewedError';
  }
}
