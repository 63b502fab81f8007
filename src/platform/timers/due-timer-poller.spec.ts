import { FixedClock } from '../time/clock';
import { DueTimerPoller } from './due-timer-poller';

type Outcome = 'done' | 'failed';

/** A promise the test resolves by hand, to hold a step in the middle of a run. */
function gate(): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

/** Lets every already-queued promise callback run. */
const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

type Step = (now: Date, skipped: string[]) => Promise<Outcome | undefined>;

/** A poller whose step is a fake: the mechanism under test, without Nest or a database. */
class FakeStepPoller extends DueTimerPoller<Outcome> {
  constructor(
    private readonly step: Step,
    clock: FixedClock,
    maxPerRun: number,
  ) {
    super(clock, {
      log: { context: 'FakeTimers', work: 'test timers' },
      limits: { intervalMs: 60_000, maxPerRun },
      outcomes: ['done', 'failed'],
    });
  }

  /** The warnings logged, captured instead of printed. */
  captureWarnings(): string[] {
    const warnings: string[] = [];
    jest.spyOn(this.logger, 'warn').mockImplementation((message: unknown) => {
      warnings.push(String(message));
    });
    return warnings;
  }

  protected claimAndHandleNext(now: Date, skipped: string[]): Promise<Outcome | undefined> {
    return this.step(now, skipped);
  }
}

function poller(
  step: Step,
  options: { maxPerRun?: number; clock?: FixedClock } = {},
): FakeStepPoller {
  return new FakeStepPoller(step, options.clock ?? new FixedClock(), options.maxPerRun ?? 10);
}

describe('DueTimerPoller', () => {
  it('counts outcomes until none is due, passing the run time and skipped keys', async () => {
    const script: (Outcome | undefined)[] = ['done', 'failed', 'done', undefined, 'done'];
    const seen: { now: string; skipped: string[] }[] = [];
    const clock = new FixedClock('2026-03-01T10:00:00.000Z');
    const timers = poller(
      (now, skipped) => {
        seen.push({ now: now.toISOString(), skipped: [...skipped] });
        const outcome = script.shift();
        if (outcome === 'failed') skipped.push('t-failed');
        return Promise.resolve(outcome);
      },
      { clock },
    );

    expect(await timers.runDueTimers()).toEqual({ done: 2, failed: 1 });
    expect(seen).toEqual([
      { now: '2026-03-01T10:00:00.000Z', skipped: [] },
      { now: '2026-03-01T10:00:00.000Z', skipped: [] },
      { now: '2026-03-01T10:00:00.000Z', skipped: ['t-failed'] },
      { now: '2026-03-01T10:00:00.000Z', skipped: ['t-failed'] },
    ]);
    // A new run starts with no skipped keys.
    script.splice(0, script.length, undefined);
    await timers.runDueTimers();
    expect(seen.at(-1)).toEqual({ now: '2026-03-01T10:00:00.000Z', skipped: [] });
  });

  it('handles at most maxPerRun timers a run, the rest on the next run', async () => {
    let steps = 0;
    const timers = poller(
      () => {
        steps += 1;
        return Promise.resolve('done');
      },
      { maxPerRun: 3 },
    );

    expect(await timers.runDueTimers()).toEqual({ done: 3, failed: 0 });
    expect(steps).toBe(3);
    expect(await timers.runDueTimers()).toEqual({ done: 3, failed: 0 });
    expect(steps).toBe(6);
  });

  it('serialises runs: a call during a run waits, then runs at the time as of then', async () => {
    const clock = new FixedClock('2026-03-01T10:00:00.000Z');
    const held = gate();
    let active = 0;
    let mostActive = 0;
    const runTimes: string[] = [];
    let stepInRun = 0;
    const timers = poller(
      async (now) => {
        active += 1;
        mostActive = Math.max(mostActive, active);
        try {
          if (stepInRun === 0) runTimes.push(now.toISOString());
          if (runTimes.length === 1 && stepInRun === 0) await held.promise;
          stepInRun += 1;
          if (stepInRun === 2) {
            stepInRun = 0;
            return undefined;
          }
          return 'done';
        } finally {
          active -= 1;
        }
      },
      { clock },
    );

    const first = timers.runDueTimers();
    await settle();
    clock.set('2026-03-01T10:05:00.000Z');
    const second = timers.runDueTimers();
    await settle();
    // The second run has not started while the first is held.
    expect(runTimes).toEqual(['2026-03-01T10:00:00.000Z']);

    held.open();
    expect(await first).toEqual({ done: 1, failed: 0 });
    expect(await second).toEqual({ done: 1, failed: 0 });
    expect(runTimes).toEqual(['2026-03-01T10:00:00.000Z', '2026-03-01T10:05:00.000Z']);
    expect(mostActive).toBe(1);
  });

  it('stop waits for the running run, which ends after the timer in hand', async () => {
    const held = gate();
    let steps = 0;
    const timers = poller(async () => {
      steps += 1;
      if (steps === 1) await held.promise;
      return 'done';
    });

    const run = timers.runDueTimers();
    await settle();
    let stopped = false;
    const stopping = timers.beforeApplicationShutdown().then(() => (stopped = true));
    await settle();
    expect(stopped).toBe(false);

    held.open();
    await stopping;
    expect(stopped).toBe(true);
    // Due timers were left (the step never said "none due"), but the run stopped after one.
    expect(await run).toEqual({ done: 1, failed: 0 });
    expect(steps).toBe(1);
  });

  it('logs a warning and keeps the counts so far when claiming fails', async () => {
    let steps = 0;
    const timers = poller(() => {
      steps += 1;
      return steps === 1 ? Promise.resolve('done') : Promise.reject(new Error('db unreachable'));
    });
    const warnings = timers.captureWarnings();

    expect(await timers.runDueTimers()).toEqual({ done: 1, failed: 0 });
    expect(warnings).toEqual(['looking for due test timers failed: db unreachable']);
  });

  it('polls on the interval after bootstrap and no longer after stopPolling', async () => {
    jest.useFakeTimers({ doNotFake: ['setImmediate', 'Date'] });
    try {
      let steps = 0;
      const timers = poller(() => {
        steps += 1;
        return Promise.resolve(undefined);
      });
      timers.onApplicationBootstrap();
      jest.advanceTimersByTime(60_000);
      await settle();
      expect(steps).toBe(1);

      timers.stopPolling();
      jest.advanceTimersByTime(120_000);
      await settle();
      expect(steps).toBe(1);
    } finally {
      jest.useRealTimers();
    }
  });
});
