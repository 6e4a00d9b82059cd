import { VoiceDeadlineExceededError } from './errors';

/**
 * `work`, or a `VoiceDeadlineExceededError` after `ms`: Connect waits at most
 * 8 s for the function, and a caller should hear an agent's queue rather
 * than silence. The work itself is not cancelled; its result is ignored.
 *
 * @example
 * const answer = await withinDeadline(ivr.run(request), 3_000);
 */
export async function withinDeadline<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, fail) => {
    timer = setTimeout(() => fail(new VoiceDeadlineExceededError(ms)), ms);
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
