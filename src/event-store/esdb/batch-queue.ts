/**
 * The hand-off between a push source (the gRPC subscription's 'data' events) and a pull consumer
 * (the async iterator): items are queued in arrival order and taken in bounded batches, and the
 * consumer can wait until something arrives or the queue is woken for another reason (close,
 * failure).
 */
export class BatchQueue<T> {
  private items: T[] = [];
  private head = 0;
  private waiter: (() => void) | undefined;

  get size(): number {
    return this.items.length - this.head;
  }

  push(item: T): void {
    this.items.push(item);
    this.wake();
  }

  /** Up to `max` of the oldest items, in order; empty when nothing is queued. */
  take(max: number): T[] {
    const count = Math.min(Math.max(1, Math.floor(max)), this.size);
    const batch = this.items.slice(this.head, this.head + count);
    this.head += count;
    // Compact once the consumed prefix dominates, so a long-lived queue does not grow forever.
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return batch;
  }

  clear(): void {
    this.items = [];
    this.head = 0;
  }

  /** Resolves on the next push or wake(); at once when items are already queued. */
  waitForItems(): Promise<void> {
    if (this.size > 0) return Promise.resolve();
    return new Promise((resolve) => {
      const previous = this.waiter;
      this.waiter = () => {
        previous?.();
        resolve();
      };
    });
  }

  wake(): void {
    const waiter = this.waiter;
    this.waiter = undefined;
    waiter?.();
  }
}
