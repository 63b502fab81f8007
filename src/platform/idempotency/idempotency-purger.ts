import {
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { IdempotencyStore } from './idempotency.store';

/** How often expired keys are deleted, and how much one run may delete (bounded work). */
export const PURGE_INTERVAL_MS = 10 * 60_000;
export const PURGE_BATCH_SIZE = 1_000;
export const PURGE_MAX_BATCHES_PER_RUN = 10;

/** Deletes expired idempotency records in small batches on a timer. */
@Injectable()
export class IdempotencyPurger implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Idempotency');
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;

  constructor(private readonly store: IdempotencyStore) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.purgeOnce(), PURGE_INTERVAL_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** One run: batches until nothing expired is left or the per-run cap is reached. */
  async purgeOnce(): Promise<number> {
    if (this.running) return 0;
    this.running = (async () => {
      let total = 0;
      try {
        for (let batch = 0; batch < PURGE_MAX_BATCHES_PER_RUN; batch++) {
          const deleted = await this.store.purgeExpired(PURGE_BATCH_SIZE);
          total += deleted;
          if (deleted < PURGE_BATCH_SIZE) break;
        }
      } catch (error) {
        this.logger.warn(`purging expired idempotency keys failed: ${String(error)}`);
      }
      return total;
    })();
    try {
      return await this.running;
    } finally {
      this.running = undefined;
    }
  }
}
