/** The voice (IVR) context's base error. The handler answers every error with the safe hand-off set. */
export class VoiceError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'VoiceError';
  }
}

/** The IVR did not answer within its internal deadline (Connect waits at most 8 s). */
export class VoiceDeadlineExceededError extends VoiceError {
  constructor(
    public readonly deadlineMs: number,
    options?: ErrorOptions,
  ) {
    super(`The IVR step did not finish within ${deadlineMs} ms`, options);
    this.name = 'VoiceDeadlineExceededError';
  }
}

/** The PIN-attempt record kept changing under concurrent calls; the caller goes to an agent. */
export class PinAttemptConflictError extends VoiceError {
  constructor(message = 'PIN attempts changed concurrently too often', options?: ErrorOptions) {
    super(message, options);
    this.name = 'PinAttemptConflictError';
  }
}
