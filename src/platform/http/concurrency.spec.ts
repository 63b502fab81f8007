import { WrongExpectedVersionError } from '../../event-store/event-store.errors';
import type { ExpectedRevision } from '../../event-store/event-store.port';
import {
  executeCommandWithRetry,
  expectedRevisionAfterRead,
  formatEtag,
  parseIfMatch,
  type LoadedState,
} from './concurrency';
import { DomainError } from './domain-error';
import { ProblemException } from './problem-details';

function problemOf(error: unknown): { status: number; type: string } {
  if (!(error instanceof ProblemException)) throw new Error(`not a problem: ${String(error)}`);
  return { status: error.problem.status, type: error.problem.type };
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

/**
 * A stream whose revision other writers move between our read and our append: `concurrentWrites`
 * appends sneak in before each of our first N appends.
 */
class ContendedStream {
  revision = -1n;
  appended: string[] = [];
  loads = 0;

  constructor(private concurrentWrites: number) {}

  load = async (): Promise<LoadedState<{ count: number }>> => {
    this.loads++;
    return { state: { count: this.appended.length }, revision: this.revision };
  };

  append = async (event: string, expected: ExpectedRevision): Promise<bigint> => {
    if (this.concurrentWrites > 0) {
      this.concurrentWrites--;
      this.appended.push('other');
      this.revision++;
    }
    const current = this.revision;
    const ok =
      expected === 'any' ||
      (expected === 'no_stream' && current === -1n) ||
      (typeof expected === 'bigint' && expected === current);
    if (!ok) throw new WrongExpectedVersionError('thing-1', expected, current);
    this.appended.push(event);
    this.revision++;
    return this.revision;
  };
}

describe('ETag / If-Match', () => {
  it('formats a revision as a weak ETag and parses it back, weak or strong', () => {
    expect(formatEtag(12n)).toBe('W/"12"');
    expect(parseIfMatch(formatEtag(12n))).toBe(12n);
    expect(parseIfMatch('"0"')).toBe(0n);
    expect(parseIfMatch(' W/"7" ')).toBe(7n);
    expect(parseIfMatch(undefined)).toBeUndefined();
  });

  it.each(['12', 'W/12', '"-1"', '"1.5"', '*', '"1", "2"', 'W/""', '"99999999999999999999"'])(
    'rejects If-Match %p with a 400 invalid-if-match problem',
    (header) => {
      let thrown: unknown;
      try {
        parseIfMatch(header);
      } catch (error) {
        thrown = error;
      }
      expect(problemOf(thrown)).toEqual({ status: 400, type: 'invalid-if-match' });
    },
  );

  it('rejects repeated If-Match headers', () => {
    expect(() => parseIfMatch(['"1"', '"2"'])).toThrow(ProblemException);
  });

  it('expects no_stream after reading a stream that does not exist', () => {
    expect(expectedRevisionAfterRead(-1n)).toBe('no_stream');
    expect(expectedRevisionAfterRead(4n)).toBe(4n);
  });
});

describe('executeCommandWithRetry', () => {
  it('without If-Match, re-reads and retries after conflicts, then succeeds', async () => {
    const stream = new ContendedStream(2);
    const revision = await executeCommandWithRetry({
      ifMatch: undefined,
      retryLimit: 3,
      load: stream.load,
      decideAndAppend: (_loaded, expected) => stream.append('mine', expected),
    });
    expect(stream.appended).toEqual(['other', 'other', 'mine']);
    expect(stream.loads).toBe(3);
    expect(revision).toBe(2n);
  });

  it('without If-Match, gives up with a 409 concurrency-conflict after 1 + retryLimit attempts', async () => {
    const stream = new ContendedStream(10);
    const error = await rejection(
      executeCommandWithRetry({
        ifMatch: undefined,
        retryLimit: 2,
        load: stream.load,
        decideAndAppend: (_loaded, expected) => stream.append('mine', expected),
      }),
    );
    expect(problemOf(error)).toEqual({ status: 409, type: 'concurrency-conflict' });
    expect(stream.loads).toBe(3);
    expect(stream.appended).not.toContain('mine');
  });

  it('with retryLimit 0 makes exactly one attempt', async () => {
    const stream = new ContendedStream(1);
    await expect(
      executeCommandWithRetry({
        ifMatch: undefined,
        retryLimit: 0,
        load: stream.load,
        decideAndAppend: (_loaded, expected) => stream.append('mine', expected),
      }),
    ).rejects.toThrow(ProblemException);
    expect(stream.loads).toBe(1);
  });

  it('with a current If-Match, appends once at that revision', async () => {
    const stream = new ContendedStream(0);
    await stream.append('first', 'no_stream');
    const seen: ExpectedRevision[] = [];
    await executeCommandWithRetry({
      ifMatch: 0n,
      retryLimit: 3,
      load: stream.load,
      decideAndAppend: (_loaded, expected) => {
        seen.push(expected);
        return stream.append('mine', expected);
      },
    });
    expect(seen).toEqual([0n]);
    expect(stream.appended).toEqual(['first', 'mine']);
  });

  it('with a stale If-Match, answers 412 without deciding anything', async () => {
    const stream = new ContendedStream(0);
    await stream.append('first', 'no_stream');
    await stream.append('second', 0n);
    const decide = jest.fn();
    const error = await rejection(
      executeCommandWithRetry({
        ifMatch: 0n,
        retryLimit: 3,
        load: stream.load,
        decideAndAppend: decide,
      }),
    );
    expect(problemOf(error)).toEqual({ status: 412, type: 'precondition-failed' });
    expect(decide).not.toHaveBeenCalled();
  });

  it('with If-Match, a conflict at append is 412 and is not retried', async () => {
    const stream = new ContendedStream(0);
    await stream.append('first', 'no_stream');
    const contended = new ContendedStream(1);
    contended.revision = stream.revision;
    const error = await rejection(
      executeCommandWithRetry({
        ifMatch: 0n,
        retryLimit: 3,
        load: contended.load,
        decideAndAppend: (_loaded, expected) => contended.append('mine', expected),
      }),
    );
    expect(problemOf(error)).toEqual({ status: 412, type: 'precondition-failed' });
    expect(contended.loads).toBe(1);
  });

  it('passes domain errors through untouched and does not retry them', async () => {
    const stream = new ContendedStream(0);
    const illegal = new DomainError({
      type: 'illegal',
      title: 'Illegal',
      detail: 'no',
      status: 409,
    });
    await expect(
      executeCommandWithRetry({
        ifMatch: undefined,
        retryLimit: 3,
        load: stream.load,
        decideAndAppend: async () => {
          throw illegal;
        },
      }),
    ).rejects.toBe(illegal);
    expect(stream.loads).toBe(1);
  });
});
