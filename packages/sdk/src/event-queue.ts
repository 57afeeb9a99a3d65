// A FIFO of events with O(1) push and batch removal from the front, each event with the time it was
// logged (kept in a separate array of doubles, so recording it allocates nothing). The client
// enforces the bound (over all queues and in-flight batches together); the queue only has to be cheap.

export class EventQueue<T> {
  private items: T[] = [];
  private times: number[] = [];
  private head = 0;

  get length(): number {
    return this.items.length - this.head;
  }

  push(item: T, time: number): void {
    this.items.push(item);
    this.times.push(time);
  }

  /** Removes up to `n` items from the front; `times[i]` is when `items[i]` was pushed. */
  take(n: number): { items: T[]; times: number[] } {
    const end = Math.min(this.items.length, this.head + n);
    const items = this.items.slice(this.head, end);
    const times = this.times.slice(this.head, end);
    // Let the taken events be collected once sent, rather than at the next compaction.
    (this.items as (T | undefined)[]).fill(undefined, this.head, end);
    this.head = end;
    if (this.head === this.items.length) {
      this.items = [];
      this.times = [];
      this.head = 0;
    } else if (this.head > 4096 && this.head * 2 > this.items.length) {
      // Compact once the consumed prefix dominates, so memory follows the queue's length.
      this.items = this.items.slice(this.head);
      this.times = this.times.slice(this.head);
      this.head = 0;
    }
    return { items, times };
  }

  /** Removes everything. */
  clear(): T[] {
    return this.take(this.length).items;
  }
}
