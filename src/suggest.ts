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
    const distance = other === lower ? 0.5 : editDistance(lower, other);
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

// Optimal string alignment distance: Levenshtein plus adjacent transpositions. Every index read is
// inside a row already filled, hence the casts (a `?? 0` fallback would be a branch no input reaches).
function editDistance(a: string, b: string): number {
  let prevPrev: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min((prev[j] as number) + 1, (row[j - 1] as number) + 1, (prev[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        value = Math.min(value, (prevPrev[j - 2] as number) + 1);
      }
      row.push(value);
    }
    prevPrev = prev;
    prev = row;
  }
  return prev[b.length] as number;
}
