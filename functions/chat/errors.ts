/**
 * The chat context's errors. Each carries a reason code the page shows in
 * the customer's language; handlers/chat-api.ts answers each class with its
 * HTTP status, in one table.
 */
export class ChatError extends Error {
  constructor(
    message: string,
    /** A stable code for the page (`web/chat/chat.js` turns it into words). */
    public readonly reason: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'ChatError';
  }
}

/** A request the chat cannot take as sent: 400. */
export class ChatRequestError extends ChatError {
  constructor(message: string, reason: string, options?: ErrorOptions) {
    super(message, reason, options);
    this.name = 'ChatRequestError';
  }
}

/** No such chat action: 404. */
export class ChatRouteNotFoundError extends ChatError {
  constructor(method: string, path: string) {
    super(`no route ${method} ${path}`, 'no_route');
    this.name = 'ChatRouteNotFoundError';
  }
}

export class ChatPayloadTooLargeError extends ChatError {
  constructor(message: string) {
    super(message, 'too_large');
    this.name = 'ChatPayloadTooLargeError';
  }
}

export class ChatRateLimitedError extends ChatError {
  constructor(
    message: string,
    /** Seconds until the window resets (the Retry-After header). */
    public readonly retryAfterSeconds: number,
    reason = 'rate_limited',
    options?: ErrorOptions,
  ) {
    super(message, reason, options);
    this.name = 'ChatRateLimitedError';
  }
}

/** The account's PIN is locked (too many wrong PINs on any channel): 429, Retry-After says when it opens again. */
export class ChatPinLockedError extends ChatRateLimitedError {
  constructor(retryAfterSeconds: number, message = 'too many wrong PINs for this account; try again later') {
    super(message, retryAfterSeconds, 'pin_locked');
    this.name = 'ChatPinLockedError';
  }
}

export class ChatNotVerifiedError extends ChatError {
  constructor(message = 'verify the account with its PIN first') {
    super(message, 'not_verified');
    this.name = 'ChatNotVerifiedError';
  }
}

export class ChatVerificationFailedError extends ChatError {
  constructor(message = 'account number and PIN do not match') {
    super(message, 'verification_failed');
    this.name = 'ChatVerificationFailedError';
  }
}
