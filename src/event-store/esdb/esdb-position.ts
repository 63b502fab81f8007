/**
 * The port's opaque Position for EventStoreDB: ESDB's `{ commit, prepare }` pair (both unsigned
 * 64-bit log offsets) encoded as `<commit>/<prepare>`, each zero-padded to 20 digits (the width
 * of 2^64 - 1). Consumers must not parse positions, but the fixed width costs nothing and makes
 * plain string order agree with log order, so a checkpoint compared as text is still right.
 */
import type { Position } from '../event-store.port';

export interface EsdbLogPosition {
  readonly commit: bigint;
  readonly prepare: bigint;
}

const DIGITS = 20;
const MAX_U64 = (1n << 64n) - 1n;
const ENCODED = /^(\d{1,20})\/(\d{1,20})$/;

/** A position string this adapter did not produce (or that was altered). */
export class InvalidPositionError extends RangeError {
  override readonly name = 'InvalidPositionError';

  constructor(readonly position: string) {
    super(`Invalid EventStoreDB position "${position}" (expected <commit>/<prepare>)`);
  }
}

function assertU64(value: bigint, what: string): void {
  if (value < 0n || value > MAX_U64) {
    throw new RangeError(`EventStoreDB ${what} position out of range: ${value.toString()}`);
  }
}

export function encodePosition(position: EsdbLogPosition): Position {
  assertU64(position.commit, 'commit');
  assertU64(position.prepare, 'prepare');
  return `${position.commit.toString().padStart(DIGITS, '0')}/${position.prepare
    .toString()
    .padStart(DIGITS, '0')}`;
}

export function decodePosition(position: Position): EsdbLogPosition {
  const match = ENCODED.exec(position);
  if (!match) throw new InvalidPositionError(position);
  const commit = BigInt(match[1]);
  const prepare = BigInt(match[2]);
  if (commit > MAX_U64 || prepare > MAX_U64) throw new InvalidPositionError(position);
  return { commit, prepare };
}

/** Log order: by commit position, then prepare position (ESDB's own ordering of $all). */
export function comparePositions(a: EsdbLogPosition, b: EsdbLogPosition): number {
  if (a.commit !== b.commit) return a.commit < b.commit ? -1 : 1;
  if (a.prepare !== b.prepare) return a.prepare < b.prepare ? -1 : 1;
  return 0;
}

/**
 * ESDB servers before 22.6 fill the position of events read from a single stream with
 * 2^64 - 1 (or omit it): such a value is "unknown", never a real place in the log.
 */
export function isKnownPosition(
  position: EsdbLogPosition | undefined,
): position is EsdbLogPosition {
  return position !== undefined && position.commit !== MAX_U64 && position.commit >= 0n;
}
