import { backoffMs, WakeUp } from './wake-up';

describe('backoffMs', () => {
  it('doubles from the initial delay up to the cap', () => {
    expect([0, 1, 2, 3, 4, 5, 6].map((attempt) => backoffMs(attempt, 500, 10_000))).toEqual([
      500, 1000, 2000, 4000, 8000, 10_000, 10_000,
    ]);
    expect(backoffMs(10_000, 500, 30_000)).toBe(30_000);
  });
});

describe('WakeUp', () => {
  it('ends every pending sleep at once when woken', async () => {
    const wakeUp = new WakeUp();
    const order: string[] = [];
    const sleeps = [
      wakeUp.sleep(60_000).then(() => order.push('a')),
      wakeUp.sleep(60_000).then(() => order.push('b')),
    ];
    wakeUp.wake();
    await Promise.all(sleeps);
    expect(order.sort()).toEqual(['a', 'b']);
  });
});
