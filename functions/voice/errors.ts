/** Errors of the voice (IVR) context. The handler maps every one of them to the safe hand-off set. */

/** The IVR did not answer within its internal deadline (Connect waits at most 8 s). */
export class VoiceDeadlineExceededError extends Error {
  constructor(
    public readonly deadlineMs: number,
    options?: ErrorOptions,
  ) {
    super(`The IVR step did not finish within ${deadlineMs} ms`, options);
    this.name = 'VoiceDeadlineExceededError';
  }
}

/** The PIN-attempt record kept changing under concurrent calls; the caller goes to an agent. */
export class PinAttemptConflictError extends Error {
  constructor(message = 'PIN attempts changed concurrently too often', options?: ErrorOptions) {
    super(message, options);
    this.name = 'PinAttemptConflictError';
  }
}
