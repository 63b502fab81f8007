import { SystemClock } from '../time/clock';

const wallClock = new SystemClock();

/**
 * The timestamp written on log lines. Logs are infrastructure, not domain: they record when a line
 * was written on this machine, so they read the wall clock (through the SystemClock, the one place
 * allowed to) rather than the injected CLOCK a test may have frozen.
 */
export function wallClockLogTimestamp(): string {
  return wallClock.now().toISOString();
}
