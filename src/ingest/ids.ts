/** Makes ids that sort by creation time: a prefix, the time in ms, a counter and a per-process tag. */
export type IdFactory = (prefix: string) => string;

/**
 * An id factory: `ev_` + 9 base-36 digits of milliseconds + 5 of a counter + the `node` tag, so
 * ids of one process sort in creation order and ids of two processes never collide.
 *
 * @example const id = createIds(() => Date.now(), "k3f9")("ev_");
 */
export function createIds(now: () => number, node: string): IdFactory {
  let lastMs = 0;
  let seq = 0;
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
