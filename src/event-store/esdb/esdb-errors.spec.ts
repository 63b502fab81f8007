import {
  AccessDeniedError,
  CancelledError,
  DeadlineExceededError,
  StreamNotFoundError,
  UnavailableError,
  WrongExpectedVersionError as EsdbWrongExpectedVersionError,
} from '@eventstore/db-client';
import {
  EventIdConflictError,
  EventStoreUnavailableError,
  WrongExpectedVersionError,
} from '../event-store.errors';
import {
  actualRevisionOf,
  isStreamNotFoundError,
  isTransientError,
  isUnavailableError,
  mapEsdbError,
} from './esdb-errors';

/** The shape @grpc/grpc-js gives a failed call (a ServiceError): an Error with a numeric code. */
function grpcServiceError(code: number, details: string): Error {
  return Object.assign(new Error(`${code} ${details}`), { code, details });
}

describe('mapEsdbError', () => {
  it("maps the client's UnavailableError to EventStoreUnavailableError('event store unavailable')", () => {
    const raw = new UnavailableError(undefined, 'No connection established');
    const mapped = mapEsdbError(raw);
    expect(mapped).toBeInstanceOf(EventStoreUnavailableError);
    expect(mapped.message).toBe('event store unavailable');
    expect((mapped as EventStoreUnavailableError).cause).toBe(raw);
  });

  it('maps a raw gRPC error with code 14 (UNAVAILABLE), as the client sometimes rethrows it', () => {
    const raw = grpcServiceError(
      14,
      'UNAVAILABLE: No connection established. Last error: connect ECONNREFUSED',
    );
    const mapped = mapEsdbError(raw);
    expect(mapped).toBeInstanceOf(EventStoreUnavailableError);
    expect(mapped.message).toBe('event store unavailable');
  });

  it('treats a passed deadline (code 4) and failed cluster discovery as unavailable too', () => {
    expect(mapEsdbError(new DeadlineExceededError())).toBeInstanceOf(EventStoreUnavailableError);
    expect(mapEsdbError(grpcServiceError(4, 'DEADLINE_EXCEEDED'))).toBeInstanceOf(
      EventStoreUnavailableError,
    );
    expect(mapEsdbError(new Error('Failed to discover after 10 attempts.'))).toBeInstanceOf(
      EventStoreUnavailableError,
    );
  });

  it('maps a wrong expected version to the port error, with what our caller expected', () => {
    const raw = new EsdbWrongExpectedVersionError(undefined, {
      streamName: 'ticket-1',
      expected: 3n,
      current: 7n,
    });
    const mapped = mapEsdbError(raw, { streamName: 'ticket-1', expectedRevision: 3n });
    expect(mapped).toBeInstanceOf(WrongExpectedVersionError);
    expect(mapped).toMatchObject({ streamName: 'ticket-1', expected: 3n, actual: 7n });
  });

  it('reports a missing stream as actual revision -1n', () => {
    const raw = new EsdbWrongExpectedVersionError(undefined, {
      streamName: 'ticket-2',
      expected: 'stream_exists',
      current: 'no_stream',
    });
    expect(mapEsdbError(raw)).toMatchObject({
      name: 'WrongExpectedVersionError',
      streamName: 'ticket-2',
      expected: 'stream_exists',
      actual: -1n,
    });
    expect(actualRevisionOf('no_stream')).toBe(-1n);
    expect(actualRevisionOf(0n)).toBe(0n);
  });

  it("prefers the caller's expected revision over the client's re-encoding of it", () => {
    // -1n is sent as NO_STREAM; the caller still sees the -1n it passed.
    const raw = new EsdbWrongExpectedVersionError(undefined, {
      streamName: 'ticket-3',
      expected: 'no_stream',
      current: 0n,
    });
    expect(mapEsdbError(raw, { streamName: 'ticket-3', expectedRevision: -1n })).toMatchObject({
      expected: -1n,
      actual: 0n,
    });
  });

  it("passes the port's own errors through untouched", () => {
    const errors = [
      new EventStoreUnavailableError(),
      new WrongExpectedVersionError('s-1', 'no_stream', 0n),
      new EventIdConflictError('s-1', ['id'], 'different content'),
    ];
    for (const error of errors) expect(mapEsdbError(error)).toBe(error);
  });

  it('leaves other failures as they are, and wraps non-Error throwables', () => {
    const denied = new AccessDeniedError();
    expect(mapEsdbError(denied)).toBe(denied);
    const wrapped = mapEsdbError('boom');
    expect(wrapped).toBeInstanceOf(Error);
    expect(wrapped.message).toContain('boom');
  });
});

describe('error classification', () => {
  it('knows unavailable from other failures', () => {
    expect(isUnavailableError(new UnavailableError())).toBe(true);
    expect(isUnavailableError(grpcServiceError(14, 'UNAVAILABLE'))).toBe(true);
    expect(isUnavailableError(grpcServiceError(3, 'INVALID_ARGUMENT'))).toBe(false);
    expect(isUnavailableError(new AccessDeniedError())).toBe(false);
    expect(isUnavailableError(new Error('connect ECONNREFUSED'))).toBe(false);
  });

  it('re-subscribes after drops and outages but not after access or argument errors', () => {
    expect(isTransientError(new UnavailableError())).toBe(true);
    expect(isTransientError(new CancelledError())).toBe(true);
    expect(isTransientError(grpcServiceError(1, 'CANCELLED'))).toBe(true);
    expect(isTransientError(new AccessDeniedError())).toBe(false);
    expect(isTransientError(grpcServiceError(3, 'INVALID_ARGUMENT'))).toBe(false);
    expect(isTransientError(new Error('mapping failed'))).toBe(false);
  });

  it('recognises a missing stream', () => {
    expect(isStreamNotFoundError(new StreamNotFoundError(undefined, 'ticket-9'))).toBe(true);
    expect(isStreamNotFoundError(new UnavailableError())).toBe(false);
  });
});
