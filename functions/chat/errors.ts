/**
 * Chat requests that cannot succeed as sent. Each class carries the HTTP
 * status the API answers with (handlers/chat-api.ts maps by class) and a
 * reason code the page can show in the customer's language.
 */
export class ChatRequestError extends Error {
  readonly status: number = 400;
  constructor(
    message: string,
    public readonly reason: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'ChatRequestError';
  }
}

export class ChatPayloadTooLargeError extends ChatRequestError {
  override readonly status = 413;
  constructor(message: string) {
    super(message, 'too_large');
    this.name = 'ChatPayloadTooLargeError';
  }
}

export class ChatRateLimitedError extends ChatRequestError {
  override readonly status = 429;
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

/** The account's PIN is locked (too many wrong PINs on any channel); Retry-After says when it opens again. */
export class ChatPinLockedError extends ChatRateLimitedError {
  constructor(retryAfterSeconds: number, message = 'too many wrong PINs for this account; try again later') {
    super(message, retryAfterSeconds, 'pin_locked');
    this.name = 'ChatPinLockedError';
  }
}

export class ChatNotVerifiedError extends ChatRequestError {
  override readonly status = 401;
  constructor(message = 'verify the account with its PIN first') {
    super(message, 'not_verified');
    this.name = 'ChatNotVerifiedError';
  }
}

export class ChatVerificationFailedError extends ChatRequestError {
  override readonly status = 401;
  constructor(message = 'account number and PIN do not match') {
    super(message, 'verification_failed');
    this.name = 'ChatVerificationFailedError';
  }
}
