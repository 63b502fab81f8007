/**
 * Translates what @eventstore/db-client throws into the port's errors, so nothing above the
 * adapter ever sees a gRPC status or a client class.
 *
 * The client does not convert every failure: an unreachable server reaches callers either as its
 * UnavailableError or as the raw gRPC ServiceError (code 14, e.g. from the server-features probe
 * that precedes the first append), so both are recognised by class *and* by status code.
 */
import {
  CancelledError,
  DeadlineExceededError,
  NotLeaderError,
  StreamNotFoundError,
  TimeoutError,
  UnavailableError,
  UnknownError,
  WrongExpectedVersionError as EsdbWrongExpectedVersionError,
} from '@eventstore/db-client';
import {
  EventIdConflictError,
  EventStoreUnavailableError,
  WrongExpectedVersionError,
} from '../event-store.errors';
import type { ExpectedRevision } from '../event-store.port';

/** gRPC status codes (the client re-exports none of them). */
export const GRPC_STATUS = {
  CANCELLED: 1,
  UNKNOWN: 2,
  DEADLINE_EXCEEDED: 4,
  ABORTED: 10,
  UNAVAILABLE: 14,
} as const;

export const UNAVAILABLE_MESSAGE = 'event store unavailable';

export interface AppendErrorContext {
  readonly streamName: string;
  readonly expectedRevision: ExpectedRevision;
}

function grpcCode(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'number' ? code : undefined;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * The server could not be reached or did not answer in time: connection refused, no leader,
 * deadline passed, cluster discovery failed. Callers should answer 503 and try again later.
 */
export function isUnavailableError(error: unknown): boolean {
  if (error instanceof EventStoreUnavailableError) return true;
  if (
    error instanceof UnavailableError ||
    error instanceof DeadlineExceededError ||
    error instanceof NotLeaderError
  ) {
    return true;
  }
  const code = grpcCode(error);
  if (code === GRPC_STATUS.UNAVAILABLE || code === GRPC_STATUS.DEADLINE_EXCEEDED) return true;
  // Cluster (gossip) discovery gives up with a plain Error and no code.
  return error instanceof Error && /^Failed to discover after \d+ attempts/.test(error.message);
}

/**
 * Worth re-subscribing after: the server dropped or cancelled a long-running read, timed out, or
 * was unreachable. Anything else (access denied, bad argument, an event we cannot map) would fail
 * the same way again.
 */
export function isTransientError(error: unknown): boolean {
  if (isUnavailableError(error)) return true;
  if (
    error instanceof CancelledError ||
    error instanceof TimeoutError ||
    error instanceof UnknownError
  ) {
    return true;
  }
  const code = grpcCode(error);
  return (
    code === GRPC_STATUS.CANCELLED || code === GRPC_STATUS.ABORTED || code === GRPC_STATUS.UNKNOWN
  );
}

export function isStreamNotFoundError(error: unknown): boolean {
  return error instanceof StreamNotFoundError;
}

/** ESDB reports a missing stream as the string 'no_stream'; the port says revision -1n. */
export function actualRevisionOf(current: bigint | 'no_stream'): bigint {
  return current === 'no_stream' ? -1n : current;
}

/**
 * Maps any client failure to the port's error. `context` (the append being attempted) lets a
 * wrong-expected-version failure report what *our* caller expected rather than the client's
 * re-encoding of it.
 */
export function mapEsdbError(error: unknown, context?: AppendErrorContext): Error {
  if (
    error instanceof EventStoreUnavailableError ||
    error instanceof WrongExpectedVersionError ||
    error instanceof EventIdConflictError
  ) {
    return error;
  }
  if (isUnavailableError(error)) return new EventStoreUnavailableError(UNAVAILABLE_MESSAGE, error);
  if (error instanceof EsdbWrongExpectedVersionError) {
    const expected: ExpectedRevision = context?.expectedRevision ?? error.expectedVersion;
    return new WrongExpectedVersionError(
      context?.streamName ?? error.streamName,
      expected,
      actualRevisionOf(error.actualVersion),
    );
  }
  if (error instanceof Error) return error;
  return new Error(`EventStoreDB client failure: ${messageOf(error)}`);
}
