/** The handover context's errors (issue 15); the ops API answers each class in its one table. */
export class HandoverError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'HandoverError';
  }
}

/** An acceptance the API cannot take (a bad `from`): 400 naming the field. */
export class HandoverInputError extends HandoverError {
  constructor(
    readonly field: string,
    problem: string,
    options?: ErrorOptions,
  ) {
    super(`${field}: ${problem}`, options);
    this.name = 'HandoverInputError';
  }
}
