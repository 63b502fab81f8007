/**
 * Time is an input: domain and application code asks this port for "now" instead of reading the
 * system clock, so SLA and report logic can be driven to the second in tests.
 */
export interface Clock {
  now(): Date;
}

export const CLOCK = Symbol('Clock');

/** The production clock: the only place allowed to read the wall clock. */
export class SystemClock implements Clock {
  now(): Date {
    return new Date();
  }
}

/** A clock tests move by hand. It never advances on its own. */
export class FixedClock implements Clock {
  private current: Date;

  constructor(start: Date | string = '2026-01-05T09:00:00.000Z') {
    this.current = new Date(start);
  }

  now(): Date {
    return new Date(this.current.getTime());
  }

  set(at: Date | string): void {
    this.current = new Date(at);
  }

  advance(ms: number): Date {
    this.current = new Date(this.current.getTime() + ms);
    return this.now();
  }
}
