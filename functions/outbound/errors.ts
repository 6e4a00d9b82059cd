/** The outbound context's base error (planning, templates, dispatch, receipts). */
export class OutboundError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'OutboundError';
  }
}

/** A notice names a template the dispatcher has no text for: not retried, kept in the dead-letter queue. */
export class UnknownTemplateError extends OutboundError {
  constructor(readonly template: string) {
    super(`No text for template ${template}`);
    this.name = 'UnknownTemplateError';
  }
}
