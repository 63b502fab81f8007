/** Timings of the runner; tests shorten them, production keeps the defaults. */
export interface ProjectionRunnerOptions {
  /** How often an instance without a projection's lock tries to take it over. */
  readonly lockRetryMs: number;
  /** How often the lock holder checks for rebuild requests and its lock connection. */
  readonly controlPollMs: number;
  /** Upper bound on the events of one batch (one transaction). */
  readonly maxBatchSize: number;
  /** Backoff between retries of a failing batch: initial, doubled each time, capped. */
  readonly retryInitialMs: number;
  readonly retryMaxMs: number;
  /** How often the lag gauges are refreshed. */
  readonly metricsIntervalMs: number;
  /** How long the rebuild swap waits for readers' locks before retrying later. */
  readonly swapLockTimeoutMs: number;
}

export const PROJECTION_RUNNER_OPTIONS = Symbol('ProjectionRunnerOptions');

export const DEFAULT_PROJECTION_RUNNER_OPTIONS: ProjectionRunnerOptions = {
  lockRetryMs: 5_000,
  controlPollMs: 1_000,
  maxBatchSize: 500,
  retryInitialMs: 500,
  retryMaxMs: 30_000,
  metricsIntervalMs: 5_000,
  swapLockTimeoutMs: 5_000,
};
