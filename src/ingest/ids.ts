/** Makes ids that sort by creation time: a prefix, the time in ms, a counter and a per-process tag. */
export type IdFactory = (prefix: string) => string;

/** Characters of the millisecond part of an id, after its three-character prefix. */
const MS_DIGITS = 9;

/** The milliseconds an id of createIds was made at, or undefined when it is not such an id. */
export function idTime(id: string): number | undefined {
  const digits = id.slice(3, 3 + MS_DIGITS);
  if (digits.length !== MS_DIGITS || !/^[0-9a-z]+$/.test(digits)) return undefined;
  const ms = Number.parseInt(digits, 36);
  return Number.isSafeInteger(ms) ? ms : undefined;
}

/**
 * An id factory: `ev_` + 9 base-36 digits of milliseconds + 5 of a counter + the `node` tag, so
 * ids of one process sort in creation order and ids of two processes never collide.
 *
 * `after`: the newest time already used by stored ids. Ids start past it even if the clock has
 * been set back since, as after a restart with the clock corrected backwards: the time parts
 * would repeat, and with one chance in 65,536 the random tag too, and every batch would then be
 * refused for a duplicate id until the clock caught up.
 *
 * @example const id = createIds(() => Date.now(), "k3f9")("ev_");
 */
export function createIds(now: () => number, node: string, after = 0): IdFactory {
  // As if the counter were spent at `after`: the first id is made past it.
  let lastMs = after;
  let seq = 36 ** 5 - 1;
  // The millisecond part, written once a millisecond rather than once an id.
  let msText = "";
  let msTextOf = -1;
  return (prefix) => {
    let ms = now();
    if (ms <= lastMs) {
      ms = lastMs;
      seq++;
      if (seq >= 36 ** 5) {
        // The counter is spent within one millisecond: borrow the next one.
        lastMs = ms = lastMs + 1;
        seq = 0;
      }
    } else {
      lastMs = ms;
      seq = 0;
    }
    if (ms !== msTextOf) {
      msTextOf = ms;
      msText = ms.toString(36).padStart(9, "0");
    }
    return `${prefix}${msText}${seq.toString(36).padStart(5, "0")}${node}`;
  };
}
