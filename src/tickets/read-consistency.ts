/**
 * Read-your-writes for projection-backed reads. Read models trail the event log by a little; a
 * read says by how much, and a client that has just written can ask it to wait.
 *
 * - `X-Projection-Lag: events=<n>; ms=<m>` on every read-model response: the events of the
 *   projection's types not yet applied, and the age of the oldest of them (ProjectionRunner's
 *   status for that projection). `events=0; ms=0` means the read model has applied the whole log.
 * - `?minRevision=N` on reads of a stream-backed resource: the read waits, bounded by
 *   MIN_REVISION_WAIT_MS, until the read model holds revision N of the stream (the revision a
 *   command returned in its ETag), polling the row's revision with a short backoff. If it is still
 *   not there, the read answers anyway with what the read model holds: its ETag then names an
 *   older revision than asked for and X-Projection-Lag says how far behind it is, so the client
 *   can decide to retry. It never fails because of the wait.
 */
import { Inject, Injectable } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches } from 'class-validator';
import type { FastifyReply } from 'fastify';
import { ProjectionRunner } from '../projections/projection-runner';
import type { ProjectionStatus } from '../projections/projection-status';

export const PROJECTION_LAG_HEADER = 'X-Projection-Lag';

/** How long `?minRevision=` waits at most before answering with what the read model holds. */
export const MIN_REVISION_WAIT_MS = 3_000;
const FIRST_POLL_MS = 10;
const MAX_POLL_MS = 100;

export interface ProjectionLag {
  /** Events of the projection's types not yet applied. */
  readonly events: number;
  /** Age in ms of the oldest unapplied event; 0 when caught up. */
  readonly ms: number;
}

export function formatProjectionLag(lag: ProjectionLag): string {
  return `events=${lag.events}; ms=${Math.round(lag.ms)}`;
}

export function setProjectionLagHeader(reply: FastifyReply, lag: ProjectionLag): void {
  void reply.header(PROJECTION_LAG_HEADER, formatProjectionLag(lag));
}

/** For `@ApiOkResponse({ headers: … })` of every read-model route. */
export const PROJECTION_LAG_HEADER_DOC = {
  [PROJECTION_LAG_HEADER]: {
    description:
      'How far the read model behind this response trails the event log: unapplied events and the age in ms of the oldest of them. `events=0; ms=0`: up to date.',
    schema: { type: 'string', maxLength: 64, pattern: '^events=\\d+; ms=\\d+$' },
  },
} as const;

/**
 * The lag of one projection, from ProjectionRunner.status(). Concurrent reads share one status
 * computation (it runs a few queries per projection) instead of each starting their own; a read
 * that arrives after it finished starts a fresh one, so the figure is never older than the read.
 */
@Injectable()
export class ProjectionLagReader {
  /** Concurrent reads of the same projection share one status query. */
  private readonly inFlight = new Map<string, Promise<readonly ProjectionStatus[]>>();
  /** The last answer per projection and when it arrived (monotonic ms), for `maxAgeMs`. */
  private readonly recent = new Map<
    string,
    { readonly atMs: number; readonly statuses: readonly ProjectionStatus[] }
  >();

  constructor(
    @Inject(ProjectionRunner) private readonly runner: Pick<ProjectionRunner, 'status'>,
  ) {}

  /**
   * The projection's lag. `maxAgeMs` lets a read that is polled all day (the agent desk's queues)
   * reuse an answer up to that old instead of asking again: the header may then be that much
   * stale, which is far less than the lag it reports is ever worth acting on. Default 0: fresh.
   * The age is measured on the process's monotonic clock: it is a cache lifetime, not domain time.
   */
  async lagOf(projectionName: string, options: { maxAgeMs?: number } = {}): Promise<ProjectionLag> {
    const maxAgeMs = options.maxAgeMs ?? 0;
    const cached = this.recent.get(projectionName);
    const statuses =
      cached && maxAgeMs > 0 && performance.now() - cached.atMs <= maxAgeMs
        ? cached.statuses
        : await this.statuses(projectionName);
    const status = statuses.find((candidate) => candidate.name === projectionName);
    if (!status) throw new Error(`projection "${projectionName}" is not registered`);
    return { events: status.lagEvents, ms: status.lagMs };
  }

  private statuses(projectionName: string): Promise<readonly ProjectionStatus[]> {
    let pending = this.inFlight.get(projectionName);
    if (!pending) {
      pending = this.runner
        .status([projectionName])
        .then((statuses) => {
          this.recent.set(projectionName, { atMs: performance.now(), statuses });
          return statuses;
        })
        .finally(() => {
          this.inFlight.delete(projectionName);
        });
      this.inFlight.set(projectionName, pending);
    }
    return pending;
  }
}

/** `?minRevision=`: a decimal stream revision (the number inside an ETag `W/"<revision>"`). */
export class MinRevisionQuery {
  @ApiPropertyOptional({
    description:
      'Wait (at most 3 s) until the read model holds at least this revision of the stream, e.g. the revision in the ETag a command just returned. If it still does not, the answer is what the read model holds: its ETag names the older revision and `X-Projection-Lag` says how far behind it is.',
    type: 'string',
    maxLength: 19,
    pattern: '^[0-9]{1,19}$',
    example: '4',
  })
  @IsOptional()
  @IsString()
  @Matches(/^[0-9]{1,19}$/, { message: 'minRevision must be a stream revision (0 or more)' })
  minRevision?: string;
}

export interface WaitOptions {
  readonly timeoutMs?: number;
}

/**
 * Polls `currentRevision` (the revision the read model holds, undefined when it has nothing)
 * until it is at least `minRevision` or the wait is over. Resolves whether it got there; it never
 * throws for a timeout. No `minRevision`: resolves true at once without reading anything.
 */
export async function waitForRevision(
  minRevision: bigint | undefined,
  currentRevision: () => Promise<bigint | undefined>,
  options: WaitOptions = {},
): Promise<boolean> {
  if (minRevision === undefined) return true;
  return waitUntil(async () => {
    const current = await currentRevision();
    return current !== undefined && current >= minRevision;
  }, options);
}

/** Polls `check` with a short backoff until it is true (→ true) or `timeoutMs` passed (→ false). */
export async function waitUntil(
  check: () => Promise<boolean>,
  { timeoutMs = MIN_REVISION_WAIT_MS }: WaitOptions = {},
): Promise<boolean> {
  let timedOut = false;
  const deadline = setTimeout(() => {
    timedOut = true;
  }, timeoutMs);
  deadline.unref();
  try {
    for (let pollMs = FIRST_POLL_MS; ; pollMs = Math.min(MAX_POLL_MS, pollMs * 2)) {
      if (await check()) return true;
      if (timedOut) return false;
      await new Promise<void>((resolve) => setTimeout(resolve, pollMs).unref());
    }
  } finally {
    clearTimeout(deadline);
  }
}

/** A `?minRevision=` value as a bigint (validated by MinRevisionQuery). */
export function parseMinRevision(value: string | undefined): bigint | undefined {
  return value === undefined ? undefined : BigInt(value);
}
