import { ANY, NO_STREAM, STREAM_EXISTS } from '@eventstore/db-client';
import { firstTargetRevision, toEsdbExpectedRevision } from './esdb-expected-revision';

describe('expected revision mapping', () => {
  it.each([
    ['any', ANY],
    ['no_stream', NO_STREAM],
    ['stream_exists', STREAM_EXISTS],
  ] as const)('maps %p to the client constant', (ours, theirs) => {
    expect(toEsdbExpectedRevision(ours)).toBe(theirs);
  });

  it('passes exact 0-based revisions through unchanged (both sides count from 0)', () => {
    expect(toEsdbExpectedRevision(0n)).toBe(0n);
    expect(toEsdbExpectedRevision(41n)).toBe(41n);
  });

  it('sends -1n (an empty stream) as NO_STREAM and rejects anything lower', () => {
    expect(toEsdbExpectedRevision(-1n)).toBe(NO_STREAM);
    expect(() => toEsdbExpectedRevision(-2n)).toThrow(RangeError);
  });

  it('knows where the first event of a batch lands when the caller names a revision', () => {
    expect(firstTargetRevision('no_stream')).toBe(0n);
    expect(firstTargetRevision(-1n)).toBe(0n);
    expect(firstTargetRevision(4n)).toBe(5n);
    expect(firstTargetRevision('any')).toBeNull();
    expect(firstTargetRevision('stream_exists')).toBeNull();
  });
});
