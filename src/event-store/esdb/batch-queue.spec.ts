import { BatchQueue } from './batch-queue';

describe('BatchQueue', () => {
  it('hands items out in arrival order, in batches no larger than asked', () => {
    const queue = new BatchQueue<number>();
    for (let i = 0; i < 7; i += 1) queue.push(i);
    expect(queue.take(3)).toEqual([0, 1, 2]);
    expect(queue.take(3)).toEqual([3, 4, 5]);
    expect(queue.take(3)).toEqual([6]);
    expect(queue.take(3)).toEqual([]);
    expect(queue.size).toBe(0);
  });

  it('keeps order across compaction of a long-lived queue', () => {
    const queue = new BatchQueue<number>();
    const taken: number[] = [];
    for (let i = 0; i < 5000; i += 1) {
      queue.push(i);
      if (i % 3 === 0) taken.push(...queue.take(2));
    }
    while (queue.size > 0) taken.push(...queue.take(100));
    expect(taken).toEqual(Array.from({ length: 5000 }, (_, i) => i));
  });

  it('wakes a waiting consumer on push, and on wake() without items', async () => {
    const queue = new BatchQueue<string>();
    const waiting = queue.waitForItems();
    queue.push('x');
    await expect(waiting).resolves.toBeUndefined();
    expect(queue.take(10)).toEqual(['x']);

    let woken = false;
    const idle = queue.waitForItems().then(() => (woken = true));
    await Promise.resolve();
    expect(woken).toBe(false);
    queue.wake();
    await idle;
    expect(woken).toBe(true);
  });

  it('does not wait when items are already queued', async () => {
    const queue = new BatchQueue<number>();
    queue.push(1);
    await expect(queue.waitForItems()).resolves.toBeUndefined();
  });
});
