/** A notice names a template the dispatcher has no text for: not retried, kept in the dead-letter queue. */
export class UnknownTemplateError extends Error {
  constructor(readonly template: string) {
    super(`No text for template ${template}`);
    this.name = 'UnknownTemplateError';
  }
}
