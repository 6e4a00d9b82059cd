/** A request with more items than one call takes: rejected whole, nothing written. */
export class TooManyItemsError extends Error {
  constructor(
    readonly count: number,
    readonly max: number,
  ) {
    super(`A request takes at most ${max} items, got ${count}`);
    this.name = 'TooManyItemsError';
  }
}
