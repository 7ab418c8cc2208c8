import { describe, expect, it } from 'vitest';
import { TopK } from '../../../shared/routing/top-k.js';

/** The reference: every index sorted by value, highest first, equal values by index. */
function sortedIndexes(values: number[], k: number): number[] {
  return values
    .map((_, i) => i)
    .sort((a, b) => values[b]! - values[a]! || a - b)
    .slice(0, k);
}

describe('top k', () => {
  // values with many ties, infinities and more values than k
  const seeded = (seed: number, n: number) => {
    let x = seed;
    return Array.from({ length: n }, () => {
      x = (x * 1103515245 + 12345) % 2147483648;
      const r = x % 40;
      return r === 0 ? Number.POSITIVE_INFINITY : r === 1 ? Number.NEGATIVE_INFINITY : Math.floor(r / 3) - 5;
    });
  };

  it('TopK keeps the k best under its comparator in order', () => {
    const values = seeded(7, 300);
    const top = new TopK<number>(12, (a, b) => values[b]! - values[a]! || a - b);
    values.forEach((_, i) => top.add(i));
    expect(top.items).toEqual(sortedIndexes(values, 12));
  });
});
