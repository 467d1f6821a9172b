// Small statistics helpers. Medians everywhere: on a shared machine a few slow samples (GC,
// another process taking the core) must not move the result.

/**
 * The q-quantile (0..1) of `values`, by linear interpolation between the nearest ranks.
 * @param {number[]} values
 * @param {number} q
 */
export function quantile(values, q) {
  if (values.length === 0) return Number.NaN;
  const sorted = Float64Array.from(values).sort();
  const position = (sorted.length - 1) * q;
  const low = Math.floor(position);
  const high = Math.ceil(position);
  return (sorted[low] ?? Number.NaN) + ((sorted[high] ?? Number.NaN) - (sorted[low] ?? Number.NaN)) * (position - low);
}

/** @param {number[]} values */
export const median = (values) => quantile(values, 0.5);

/**
 * `items` rotated left by `by` places: round r starts with a different variant, so no variant
 * always runs first (colder) or last (after the others' garbage).
 * @template T
 * @param {T[]} items
 * @param {number} by
 * @returns {T[]}
 */
export function rotate(items, by) {
  const shift = ((by % items.length) + items.length) % items.length;
  return [...items.slice(shift), ...items.slice(0, shift)];
}

/**
 * The geometric mean of positive `values`: the mean of ratios, so no request of a mix weighs
 * more for being slower.
 * @param {number[]} values
 */
export const geometricMean = (values) => (values.length === 0 ? Number.NaN : Math.exp(values.reduce((sum, v) => sum + Math.log(v), 0) / values.length));
