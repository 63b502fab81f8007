/**
 * A level-triggered wake-up for one waiter: a wake() that arrives while the waiter is busy (e.g.
 * reading) is kept and ends its next wait() at once, so no notification is ever lost between a
 * read and the wait that follows it.
 */
export class WakeSignal {
  private pending = false;
  private release: (() => void) | undefined;

  wake(): void {
    this.pending = true;
    const release = this.release;
    this.release = undefined;
    release?.();
  }

  /** Forget earlier wake-ups: call right before reading, so only later ones count. */
  reset(): void {
    this.pending = false;
  }

  /** Resolves on wake() (or a pending one) or after timeoutMs, whichever is first. */
  wait(timeoutMs: number): Promise<void> {
    if (this.pending) {
      this.pending = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const timer = setTimeout(() => done(), timeoutMs);
      const done = (): void => {
        clearTimeout(timer);
        if (this.release === done) this.release = undefined;
        this.pending = false;
        resolve();
      };
      this.release = done;
    });
  }
}
