// A clock a department owes: how long is left, and whether it is on time,
// inside the warning margin (amber) or late (red). Pure, so a unit test can
// hold it to exact instants.

/**
 * The state of a clock due at `dueIso` seen at `nowMs`, with the warning margin in minutes.
 * @example clockState('2026-12-01T10:00:00Z', Date.parse('2026-12-01T09:55:00Z'), 10) // { state: 'warning', remainingMs: 300000 }
 */
export function clockState(dueIso, nowMs, warningMinutes) {
  const remainingMs = Date.parse(dueIso) - nowMs;
  if (remainingMs < 0) return { state: 'late', remainingMs };
  if (remainingMs <= warningMinutes * 60_000) return { state: 'warning', remainingMs };
  return { state: 'ok', remainingMs };
}

/**
 * A duration as the countdown shows it: days, hours, minutes and seconds, largest first.
 * @example countdown(3_723_000) // '1:02:03'
 */
export function countdown(ms) {
  const total = Math.floor(Math.abs(ms) / 1000);
  const days = Math.floor(total / 86_400);
  const hours = Math.floor((total % 86_400) / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  const clock = `${hours}:${String(minutes).padStart(2, '0')}:${String(seconds).padStart(2, '0')}`;
  return days > 0 ? `${days}d ${clock}` : clock;
}

/**
 * The soonest instant an order owes, for sorting an inbox (orders owing nothing last).
 * @example soonestDue({ due: { crewOnSite: '2026-12-01T10:00:00Z' } }) // '2026-12-01T10:00:00Z'
 */
export function soonestDue(order) {
  return Object.values(order.due ?? {}).sort()[0];
}

/**
 * A number for a target given in words ('<= 12 s', '>= 99%', 'always (100%)'), or undefined.
 * @example targetValue('<= 3%') // { value: 0.03, atMost: true }
 */
export function targetValue(target) {
  if (typeof target === 'number') return { value: target, atMost: false };
  if (target && typeof target === 'object' && typeof target.value === 'number') return { value: target.value, atMost: target.direction === 'at_most' || target.atMost === true };
  if (typeof target !== 'string') return undefined;
  // A percentage wins ('answered within 12 s: always (100%)' is a 100% target); else a compared number ('<= 12 s').
  const percent = /(<=|>=|≤|≥)?\s*(\d+(?:\.\d+)?)\s*%/.exec(target);
  const compared = percent ?? /(<=|>=|≤|≥)\s*(\d+(?:\.\d+)?)/.exec(target);
  if (!compared) return undefined;
  const number = Number(compared[2]);
  return { value: percent ? number / 100 : number, atMost: compared[1] === '<=' || compared[1] === '≤' };
}
