/** Softmax of `values × scale`, written over `values` and returned (the largest logit is subtracted first, so nothing overflows). */
export function softmaxInPlace(values: Float32Array, scale = 1): Float32Array {
  let max = -Infinity;
  for (const v of values) max = Math.max(max, v * scale);
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i] = Math.exp(values[i]! * scale - max);
  for (let i = 0; i < values.length; i++) values[i]! /= sum;
  return values;
}
