import { WakeSignal } from './wake-signal';

describe('WakeSignal', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('ends a wait on wake()', async () => {
    const signal = new WakeSignal();
    let woken = false;
    const waiting = signal.wait(60_000).then(() => (woken = true));
    await Promise.resolve();
    expect(woken).toBe(false);
    signal.wake();
    await waiting;
    expect(woken).toBe(true);
  });

  it('keeps a wake-up that arrives before the wait', async () => {
    const signal = new WakeSignal();
    signal.wake();
    await expect(signal.wait(60_000)).resolves.toBeUndefined();
  });

  it('forgets wake-ups on reset()', async () => {
    const signal = new WakeSignal();
    signal.wake();
    signal.reset();
    let woken = false;
    const waiting = signal.wait(1_000).then(() => (woken = true));
    await Promise.resolve();
    expect(woken).toBe(false);
    jest.advanceTimersByTime(1_000);
    await waiting;
    expect(woken).toBe(true);
  });

  it('a wake-up is consumed by one wait', async () => {
    const signal = new WakeSignal();
    signal.wake();
    await signal.wait(1_000);
    let woken = false;
    const waiting = signal.wait(1_000).then(() => (woken = true));
    await Promise.resolve();
    expect(woken).toBe(false);
    jest.advanceTimersByTime(1_000);
    await waiting;
  });
});
