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
