import {
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import type { Clock } from '../time/clock';

/** How a poller runs: how it logs, how often and how much, and what a step can end in. */
export interface DueTimerPolling<Outcome extends string> {
  /** The Nest logger context ("AutoClose"); the work named in warnings ("auto-close timers"). */
  readonly log: { readonly context: string; readonly work: string };
  /** How often each instance looks for due timers; the bounded work per run (the rest waits). */
  readonly limits: { readonly intervalMs: number; readonly maxPerRun: number };
  /** Every outcome a step can have: each is a field of the run's counts, starting at 0. */
  readonly outcomes: readonly Outcome[];
}

/** What one run did: how many timers ended in each outcome. */
export type DueTimerRun<Outcome extends string> = Readonly<Record<Outcome, number>>;

/**
 * The polling half of a durable timer (a table of due rows that every instance works off): an
 * unref'd interval from bootstrap, runs serialised per instance, a bounded loop per run that skips
 * what failed in this run, and a shutdown that lets the current run finish. A subclass supplies
 * the other half, claimAndHandleNext: DueRowPoller (./due-row-poller) does it for a table of rows.
 *
 * Why an abstract base class rather than a poller object each owner holds: the lifecycle hooks
 * (onApplicationBootstrap, beforeApplicationShutdown) and the public runDueTimers/stopPolling ARE
 * the shared mechanism; inheriting them keeps the owners' API exactly as it was with no forwarding
 * methods, while the owners keep their own constructor injection. The spec drives it with a fake
 * step, without Nest or a database.
 */
export abstract class DueTimerPoller<Outcome extends string>
  implements OnApplicationBootstrap, BeforeApplicationShutdown
{
  protected readonly logger: Logger;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<DueTimerRun<Outcome>> | undefined;
  private stopping = false;

  protected constructor(
    private readonly clock: Clock,
    private readonly polling: DueTimerPolling<Outcome>,
  ) {
    this.logger = new Logger(polling.log.context);
  }

  /**
   * Claims and handles the next timer due at `now` whose key is not in `skipped` (keys that failed
   * earlier in this run; the step adds a key when it fails). Undefined when nothing is left. A
   * throw means claiming itself failed: the run ends, logged, and the next run tries again.
   */
  protected abstract claimAndHandleNext(now: Date, skipped: string[]): Promise<Outcome | undefined>;

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      if (!this.running) void this.runDueTimers();
    }, this.polling.limits.intervalMs);
    // A poller never keeps the process alive on its own.
    this.timer.unref();
  }

  /** No more runs; the current run stops after the timer in hand, and this waits for it. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    this.stopPolling();
    await this.running;
  }

  /** No more runs on the interval (runDueTimers still works): for tests that drive the timer. */
  stopPolling(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /**
   * Handles the timers due at the clock's current time. Runs on one instance are serialised: a
   * call during a run waits for it and then runs again (with the time as of then).
   */
  async runDueTimers(): Promise<DueTimerRun<Outcome>> {
    const previous = this.running;
    const run = (async (): Promise<DueTimerRun<Outcome>> => {
      await previous;
      return this.runOnce();
    })();
    this.running = run;
    try {
      return await run;
    } finally {
      if (this.running === run) this.running = undefined;
    }
  }

  private async runOnce(): Promise<DueTimerRun<Outcome>> {
    const now = this.clock.now();
    const skipped: string[] = [];
    const entries = this.polling.outcomes.map((outcome) => [outcome, 0] as const);
    const counts = Object.fromEntries(entries) as Record<Outcome, number>;
    try {
      for (let handled = 0; handled < this.polling.limits.maxPerRun && !this.stopping; handled++) {
        const outcome = await this.claimAndHandleNext(now, skipped);
        if (outcome === undefined) break;
        counts[outcome] += 1;
      }
    } catch (error) {
      // Claiming failed (database unreachable, table being swapped by a rebuild): next run.
      this.logger.warn(`looking for due ${this.polling.log.work} failed: ${messageOf(error)}`);
    }
    return counts;
  }
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
