import type { ProblemException } from '../platform/http/problem-details';
import { validationProblem } from '../platform/http/validation';
import type { FeedCursor } from './events-feed.service';

/** A 400 validation problem naming one request field (query parameter or header). */
export function invalidField(field: string, message: string, code: string): ProblemException {
  return validationProblem([{ field, message, code }]);
}

/**
 * Adapters throw an `InvalidPositionError` (a RangeError) for a string they did not produce. It is
 * recognised by name so the feed does not depend on any one adapter's module.
 */
function isPositionRejection(error: unknown): boolean {
  return error instanceof Error && error.name === 'InvalidPositionError';
}

/**
 * The store refused the cursor (well-formed, but not a position this adapter produced): the
 * client's mistake, so a 400 on the field it came from. Anything else (store unavailable) is not
 * the client's fault and passes through unchanged.
 */
export function rejectedPosition(error: unknown, cursor: FeedCursor): unknown {
  if (cursor.after !== 'start' && isPositionRejection(error)) {
    return invalidField(
      cursor.source,
      `${cursor.source} is not a position of this event store`,
      'unknown-position',
    );
  }
  return error;
}
