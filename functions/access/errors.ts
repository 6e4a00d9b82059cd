/** The access context's base error: who is asking (401) and what they may do (403). */
export class AccessError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'AccessError';
  }
}

/**
 * No token, or a token that is expired, forged, for another user pool or
 * names no known role: 401. The message never quotes the token.
 */
export class NotAuthenticatedError extends AccessError {
  constructor(message = 'Sign in: a valid bearer token is required', options?: ErrorOptions) {
    super(message, options);
    this.name = 'NotAuthenticatedError';
  }
}

/** The principal's role may not do this to this resource: 403, nothing changed. */
export class ForbiddenError extends AccessError {
  constructor(
    readonly action: string,
    readonly role: string,
    options?: ErrorOptions,
  ) {
    super(`Role ${role} may not ${action}`, options);
    this.name = 'ForbiddenError';
  }
}
