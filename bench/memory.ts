/**
 * Memory the process still holds: sampled after a full garbage collection,
 * so growth means retention (what a long file or fan-out would accumulate),
 * not how far V8 let garbage pile up before collecting. Both samples of a
 * comparison are taken the same way.
 *
 * @example
 * const early = settledMemory(); ...; const growthMb = (settledMemory().heapUsed - early.heapUsed) / 1024 / 1024;
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

export function settledMemory(): NodeJS.MemoryUsage {
  gc();
  return process.memoryUsage();
}
