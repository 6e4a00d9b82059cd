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
