import { WrongExpectedVersionError } from '../../event-store/event-store.errors';
import type { ExpectedRevision } from '../../event-store/event-store.port';
import { PLATFORM_PROBLEMS, ProblemException } from './problem-details';

/**
 * Optimistic concurrency over HTTP: reads of a stream-backed resource carry the stream revision as
 * a weak ETag (`W/"12"`), commands may send it back in If-Match. With If-Match a stale revision is
 * 412; without it a command re-reads and retries a bounded number of times before answering 409.
 */

/** A revision as ETag. Weak: the representation is not byte-identical across versions of the API. */
export function formatEtag(revision: bigint): string {
  return `W/"${revision.toString()}"`;
}

const IF_MATCH = /^(?:W\/)?"(\d{1,19})"$/;
const MAX_REVISION = 2n ** 63n - 1n;

function invalidIfMatch(detail: string): ProblemException {
  return new ProblemException({ ...PLATFORM_PROBLEMS.invalidIfMatch, status: 400, detail });
}

/**
 * The expected revision an If-Match header asks for; undefined when the header is absent.
 * Accepts `W/"12"` and `"12"` (one ETag as this API issues them). `*`, lists and anything else
 * are a 400 problem: the client must send the ETag it read.
 */
export function parseIfMatch(header: string | string[] | undefined): bigint | undefined {
  if (header === undefined) return undefined;
  if (Array.isArray(header)) throw invalidIfMatch('Send one If-Match header.');
  const match = IF_MATCH.exec(header.trim());
  const digits = match?.[1];
  if (digits === undefined) {
    throw invalidIfMatch('If-Match must be one ETag as returned by a read, e.g. W/"12".');
  }
  const revision = BigInt(digits);
  if (revision > MAX_REVISION) throw invalidIfMatch('If-Match names a revision out of range.');
  return revision;
}

/** The append precondition for a stream last read at `revision` (-1n: the stream did not exist). */
export function expectedRevisionAfterRead(revision: bigint): ExpectedRevision {
  return revision < 0n ? 'no_stream' : revision;
}

export interface LoadedState<TState> {
  readonly state: TState;
  /** The stream revision the state was folded up to (-1n when the stream does not exist). */
  readonly revision: bigint;
}

export interface CommandExecution<
  TState,
  TResult,
  TLoaded extends LoadedState<TState> = LoadedState<TState>,
> {
  /** The revision from If-Match (parseIfMatch), or undefined when the client sent none. */
  readonly ifMatch: bigint | undefined;
  /** How many times to retry after a conflict when there is no If-Match (config.commandRetryLimit). */
  readonly retryLimit: number;
  /** Read the stream and fold it into state. */
  readonly load: () => Promise<TLoaded>;
  /**
   * Decide and append with the given expected revision. Throws WrongExpectedVersionError (from the
   * event store) on a concurrent change; domain errors pass through untouched.
   */
  readonly decideAndAppend: (
    loaded: TLoaded,
    expectedRevision: ExpectedRevision,
  ) => Promise<TResult>;
}

export function preconditionFailed(currentRevision: bigint): ProblemException {
  return new ProblemException({
    ...PLATFORM_PROBLEMS.preconditionFailed,
    status: 412,
    detail: `The resource is now at revision ${currentRevision.toString()}; read it again (its ETag) and retry.`,
    extensions: { currentRevision: currentRevision.toString() },
  });
}

export function concurrencyConflict(attempts: number): ProblemException {
  return new ProblemException({
    ...PLATFORM_PROBLEMS.concurrencyConflict,
    status: 409,
    detail: `The resource kept changing under concurrent requests (${attempts} attempts); retry the request.`,
  });
}

/**
 * Runs read → fold → decide → append for one command.
 * - With If-Match: one attempt. A state at another revision than the client saw is 412 before
 *   anything is decided (RFC 9110 evaluates preconditions first); a conflict at append is 412 too.
 * - Without: up to 1 + retryLimit attempts, each re-reading the stream; then 409.
 */
export async function executeCommandWithRetry<
  TState,
  TResult,
  TLoaded extends LoadedState<TState> = LoadedState<TState>,
>(command: CommandExecution<TState, TResult, TLoaded>): Promise<TResult> {
  if (command.ifMatch !== undefined) {
    const loaded = await command.load();
    if (loaded.revision !== command.ifMatch) throw preconditionFailed(loaded.revision);
    try {
      return await command.decideAndAppend(loaded, expectedRevisionAfterRead(command.ifMatch));
    } catch (error) {
      if (error instanceof WrongExpectedVersionError) throw preconditionFailed(error.actual);
      throw error;
    }
  }

  const attempts = 1 + Math.max(0, command.retryLimit);
  for (let attempt = 1; attempt <= attempts; attempt++) {
    const loaded = await command.load();
    try {
      return await command.decideAndAppend(loaded, expectedRevisionAfterRead(loaded.revision));
    } catch (error) {
      if (!(error instanceof WrongExpectedVersionError)) throw error;
    }
  }
  throw concurrencyConflict(attempts);
}
