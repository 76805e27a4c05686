/** "Did you mean …?": the closest valid name to a misspelt one. */

/**
 * The candidate closest to `name` by edit distance (transpositions count once), or `undefined`
 * when none is close enough to be a plausible typo. Case differences cost less than other edits,
 * so `learningRate` finds `learning_rate`'s camel-cased sibling before unrelated short names.
 */
export function closest(name: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  const lower = name.toLowerCase();
  const limit = Math.max(2, Math.floor(name.length / 3));
  for (const candidate of candidates) {
    if (candidate === name) return candidate;
    const other = candidate.toLowerCase();
    // The length difference is a lower bound of the distance: skip what cannot be within the limit.
    if (Math.abs(other.length - lower.length) > limit) continue;
    // Nothing over the best so far (or the limit) matters: the distance stops being computed there.
    const distance = other === lower ? 0.5 : editDistance(lower, other, Math.min(limit, bestDistance));
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return bestDistance <= limit ? best : undefined;
}

/** `; did you mean "x"?` when something is close, else an empty string. */
export function didYouMean(name: string, candidates: Iterable<string>): string {
  const match = closest(name, candidates);
  return match === undefined ? '' : `; did you mean "${match}"?`;
}

// Optimal string alignment distance: Levenshtein plus adjacent transpositions, in three reused rows.
// Once two rows in a row lie wholly above `cap`, the distance can only be larger (every later cell
// builds on those two rows): it stops there, returning more than `cap`, so a search over many
// candidates costs little per hopeless one. Every index read is
// inside a row already filled, hence the casts.
function editDistance(a: string, b: string, cap: number): number {
  const width = b.length + 1;
  let prevPrev = new Uint32Array(width);
  let prev = new Uint32Array(width);
  let row = new Uint32Array(width);
  for (let j = 0; j < width; j++) prev[j] = j;
  let prevLeast = 0;
  // Cells further than cap + 1 from the diagonal cost more than cap + 1 edits: a band is enough
  // (outside it the rows hold cap + 2, "too far").
  const band = Math.floor(cap) + 1;
  const far = band + 1;
  for (let i = 1; i <= a.length; i++) {
    row[0] = i;
    let least = i;
    const from = Math.max(1, i - band);
    const to = Math.min(b.length, i + band);
    if (from > 1) row[from - 1] = far;
    if (to < b.length) row[to + 1] = far;
    for (let j = from; j <= to; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min((prev[j] as number) + 1, (row[j - 1] as number) + 1, (prev[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        value = Math.min(value, (prevPrev[j - 2] as number) + 1);
      }
      row[j] = value;
      if (value < least) least = value;
    }
    if (least > cap && prevLeast > cap) return least;
    prevLeast = least;
    [prevPrev, prev, row] = [prev, row, prevPrev];
  }
  return prev[b.length] as number;
}
