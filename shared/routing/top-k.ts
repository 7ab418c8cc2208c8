/** The k best items under a comparator, kept sorted as they arrive: one pass, no sort of the whole set. */
export class TopK<T> {
  readonly items: T[] = [];

  constructor(
    private readonly k: number,
    private readonly better: (a: T, b: T) => number,
  ) {}

  add(item: T): void {
    const items = this.items;
    if (items.length === this.k && this.better(item, items[items.length - 1] as T) >= 0) return;
    let i = items.length;
    while (i > 0 && this.better(item, items[i - 1] as T) < 0) i--;
    items.splice(i, 0, item);
    if (items.length > this.k) items.pop();
  }
}

/**
 * The indexes of the `k` highest values, highest first (equal values: lower index first). The same order as a
 * `TopK` over the indexes, without a comparator call per value: most values are below the k-th and cost one
 * comparison.
 */
export function highestIndexes(values: ArrayLike<number>, k: number): Int32Array {
  const top = new Int32Array(Math.min(k, values.length));
  let size = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (size === top.length && !(v > values[top[size - 1]!]!)) continue;
    let j = size === top.length ? size - 1 : size++;
    while (j > 0 && v > values[top[j - 1]!]!) {
      top[j] = top[j - 1]!;
      j--;
    }
    top[j] = i;
  }
  return top;
}
