/** The customer directory's base error. */
export class CustomerError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'CustomerError';
  }
}

/** A PIN that is not 4 to 8 digits. The message never includes the PIN. */
export class InvalidPinError extends CustomerError {
  constructor(message = 'A PIN is 4 to 8 digits', options?: ErrorOptions) {
    super(message, options);
    this.name = 'InvalidPinError';
  }
}

/** A directory file that cannot be read at all (e.g. a CSV header missing required columns). */
export class DirectoryFormatError extends CustomerError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'DirectoryFormatError';
  }
}

/** A stored PIN hash not in the `scrypt$<saltHex>$<hashHex>` form: corrupt data, not a wrong PIN. */
export class InvalidPinHashError extends CustomerError {
  constructor(message = 'Stored PIN hash is not scrypt$<saltHex>$<hashHex>', options?: ErrorOptions) {
    super(message, options);
    this.name = 'InvalidPinHashError';
  }
}

/** The account's PIN-attempt record kept changing under concurrent attempts; the channel refuses this one (an agent takes over). */
export class PinAttemptConflictError extends CustomerError {
  constructor(message = 'PIN attempts changed concurrently too often', options?: ErrorOptions) {
    super(message, options);
    this.name = 'PinAttemptConflictError';
  }
}
