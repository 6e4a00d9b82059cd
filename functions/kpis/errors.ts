/** The call indicators context's base error. */
export class KpiError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'KpiError';
  }
}

/** Not tried because an earlier record of the same Kinesis batch failed: reported too, so the retry keeps stream order. */
export class RecordAfterFailureError extends KpiError {
  constructor(
    readonly sequenceNumber: string,
    options?: ErrorOptions,
  ) {
    super(`Kinesis record ${sequenceNumber} not tried: an earlier record of its batch failed`, options);
    this.name = 'RecordAfterFailureError';
  }
}
