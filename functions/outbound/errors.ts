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

/** A notice's send threw (the dispatcher logged why): its SQS message is handed back as a batch item failure, to be redelivered. */
export class NoticeNotDispatchedError extends OutboundError {
  constructor(cause: string, options?: ErrorOptions) {
    super(`Notice not dispatched (${cause})`, options);
    this.name = 'NoticeNotDispatchedError';
  }
}

/** DynamoDB kept refusing to create some notices (throttled, or in conflict with other writers): the caller fails and its retry creates what is missing. */
export class NoticesNotCreatedError extends OutboundError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'NoticesNotCreatedError';
  }
}
