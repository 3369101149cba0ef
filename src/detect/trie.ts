/**
 * A trie of unit sequences in compressed sparse rows, its states numbered breadth first (root 0,
 * then depth 1, ...): built from the patterns sorted, with no map per state, so that building the
 * automata of a large rule set stays quick and light on garbage.
 */
export interface Trie {
  readonly states: number;
  /** Per state, where its edges start in edgeUnit/edgeTarget, and how many there are (sorted by unit). */
  readonly edgeStart: Int32Array;
  readonly edgeCount: Int32Array;
  readonly edgeUnit: Uint16Array;
  readonly edgeTarget: Int32Array;
  /** Per state, the ids of the patterns ending there: endIds[endStart[s] .. endStart[s + 1]). */
  readonly endStart: Int32Array;
  readonly endIds: Int32Array;
}

function compareUnits(a: readonly number[], b: readonly number[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return (a[i] as number) - (b[i] as number);
  return a.length - b.length;
}

/** Builds the trie of the patterns; pattern `i` ends in a state listing id `i`. */
export function buildTrie(patterns: readonly (readonly number[])[]): Trie {
  const order = patterns
    .map((_, i) => i)
    .sort((a, b) => compareUnits(patterns[a] as number[], patterns[b] as number[]));
  // Insertion order: sorted patterns share their longest common prefix with the one before.
  const parent: number[] = [0];
  const unit: number[] = [0];
  const endOf: number[] = [];
  const path: number[] = [0];
  let previous: readonly number[] = [];
  for (const id of order) {
    const p = patterns[id] as readonly number[];
    let common = 0;
    while (common < p.length && common < previous.length && p[common] === previous[common]) common++;
    path.length = common + 1;
    for (let k = common; k < p.length; k++) {
      parent.push(path[k] as number);
      unit.push(p[k] as number);
      path.push(parent.length - 1);
    }
    endOf.push(path[p.length] as number, id);
    previous = p;
  }
  const n = parent.length;
  // Children in creation order are sorted by unit; gather them per parent (CSR), then renumber
  // breadth first.
  const childCount = new Int32Array(n);
  for (let s = 1; s < n; s++) (childCount[parent[s] as number] as number)++;
  const firstChild = new Int32Array(n + 1);
  for (let s = 0; s < n; s++) firstChild[s + 1] = (firstChild[s] as number) + (childCount[s] as number);
  const fill = firstChild.slice(0, n);
  const childList = new Int32Array(Math.max(n - 1, 0));
  for (let s = 1; s < n; s++) {
    const p = parent[s] as number;
    const at = fill[p] as number;
    childList[at] = s;
    fill[p] = at + 1;
  }
  const bfs = new Int32Array(n);
  const renumber = new Int32Array(n);
  let tail = 1;
  for (let head = 0; head < tail; head++) {
    const old = bfs[head] as number;
    renumber[old] = head;
    for (let c = firstChild[old] as number; c < (firstChild[old + 1] as number); c++)
      bfs[tail++] = childList[c] as number;
  }
  const edgeStart = new Int32Array(n);
  const edgeCount = new Int32Array(n);
  const edgeUnit = new Uint16Array(n - 1);
  const edgeTarget = new Int32Array(n - 1);
  let e = 0;
  for (let fresh = 0; fresh < n; fresh++) {
    const old = bfs[fresh] as number;
    edgeStart[fresh] = e;
    edgeCount[fresh] = (firstChild[old + 1] as number) - (firstChild[old] as number);
    for (let c = firstChild[old] as number; c < (firstChild[old + 1] as number); c++) {
      const child = childList[c] as number;
      edgeUnit[e] = unit[child] as number;
      edgeTarget[e++] = renumber[child] as number;
    }
  }
  const endCount = new Int32Array(n);
  for (let i = 0; i < endOf.length; i += 2) (endCount[renumber[endOf[i] as number] as number] as number)++;
  const endStart = new Int32Array(n + 1);
  for (let s = 0; s < n; s++) endStart[s + 1] = (endStart[s] as number) + (endCount[s] as number);
  const endFill = endStart.slice(0, n);
  const endIds = new Int32Array(endOf.length / 2);
  for (let i = 0; i < endOf.length; i += 2) {
    const state = renumber[endOf[i] as number] as number;
    const at = endFill[state] as number;
    endIds[at] = endOf[i + 1] as number;
    endFill[state] = at + 1;
  }
  return { states: n, edgeStart, edgeCount, edgeUnit, edgeTarget, endStart, endIds };
}
