import type { ExpectedRevision } from './event-store.port';

function describeRevision(revision: ExpectedRevision | bigint): string {
  return typeof revision === 'bigint' ? revision.toString() : revision;
}

/** The stream was not at the revision the caller expected. */
export class WrongExpectedVersionError extends Error {
  override readonly name = 'WrongExpectedVersionError';

  constructor(
    readonly streamName: string,
    readonly expected: ExpectedRevision,
    /** The stream's actual revision; -1n when it does not exist. */
    readonly actual: bigint,
  ) {
    super(
      `Stream ${streamName}: expected revision ${describeRevision(expected)}, actual ${describeRevision(actual)}`,
    );
  }
}

/**
 * Event ids already recorded with different content, in another stream, at other revisions, or
 * only some ids of a batch recorded: a retry that is not the same request.
 */
export class EventIdConflictError extends Error {
  override readonly name = 'EventIdConflictError';

  constructor(
    readonly streamName: string,
    readonly eventIds: readonly string[],
    detail: string,
  ) {
    super(`Stream ${streamName}: event id conflict (${detail})`);
  }
}

/** The store cannot be reached (EventStoreDB gRPC UNAVAILABLE, PostgreSQL connection refused). */
export class EventStoreUnavailableError extends Error {
  override readonly name = 'EventStoreUnavailableError';

  constructor(
    message = 'event store unavailable',
    override readonly cause?: unknown,
  ) {
    super(message);
  }
}
