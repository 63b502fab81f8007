import { EventStoreUnavailableError } from '../event-store.errors';

/** Socket-level failures: the server is down, unreachable or went away. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
]);

/** SQLSTATEs meaning "the server cannot serve you now", not "your statement is wrong". */
const UNAVAILABLE_SQLSTATES = new Set([
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now (starting up, in recovery)
  '53300', // too_many_connections
]);

/** Messages node-postgres uses for connection failures that carry no code. */
const UNAVAILABLE_MESSAGES = [
  'Connection terminated',
  'timeout exceeded when trying to connect',
  'Client has encountered a connection error',
  'Cannot use a pool after calling end on the pool',
];

function codeOf(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  return typeof error.code === 'string' ? error.code : undefined;
}

/** Whether the error says the database cannot be reached (as opposed to a query failing). */
export function isConnectionError(error: unknown): boolean {
  if (error instanceof EventStoreUnavailableError) return true;
  const code = codeOf(error);
  if (
    code &&
    (NETWORK_CODES.has(code) || UNAVAILABLE_SQLSTATES.has(code) || code.startsWith('08'))
  ) {
    return true;
  }
  // Node's happy-eyeballs connect reports one failure per address in an AggregateError.
  if (error instanceof AggregateError) return error.errors.some(isConnectionError);
  if (error instanceof Error) {
    return UNAVAILABLE_MESSAGES.some((message) => error.message.includes(message));
  }
  return false;
}

/** Connection failures become EventStoreUnavailableError (503, not ready); others pass through. */
export function toStoreError(error: unknown): unknown {
  if (error instanceof EventStoreUnavailableError || !isConnectionError(error)) return error;
  const reason =
    error instanceof Error && error.message ? error.message : (codeOf(error) ?? 'unknown');
  return new EventStoreUnavailableError(`event store unavailable: PostgreSQL: ${reason}`, error);
}

/** Runs a store operation, translating connection failures. */
export async function translatingErrors<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    throw toStoreError(error);
  }
}
