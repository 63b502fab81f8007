import { DatabaseError } from 'pg';
import { EventStoreUnavailableError } from '../event-store.errors';
import { isConnectionError, toStoreError } from './pg-errors';

function withCode(code: string, message = 'failed'): Error {
  return Object.assign(new Error(message), { code });
}

function databaseError(code: string): DatabaseError {
  const error = new DatabaseError('failed', 0, 'error');
  error.code = code;
  return error;
}

describe('PostgreSQL connection errors', () => {
  it.each(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EPIPE'])(
    '%s is a connection error',
    (code) => {
      expect(isConnectionError(withCode(code))).toBe(true);
    },
  );

  it.each(['57P01', '57P03', '53300', '08006'])('SQLSTATE %s is a connection error', (code) => {
    expect(isConnectionError(databaseError(code))).toBe(true);
  });

  it('looks into the AggregateError of a multi-address connect', () => {
    expect(isConnectionError(new AggregateError([withCode('ECONNREFUSED')], ''))).toBe(true);
  });

  it("recognises node-postgres's code-less connection messages", () => {
    expect(isConnectionError(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isConnectionError(new Error('timeout exceeded when trying to connect'))).toBe(true);
  });

  it.each(['23505', '42P01', '22P02', 'ESWEV'])('SQLSTATE %s is not', (code) => {
    expect(isConnectionError(databaseError(code))).toBe(false);
  });

  it('maps connection errors to EventStoreUnavailableError, keeping the cause, and others not', () => {
    const refused = withCode('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432');
    const mapped = toStoreError(refused);
    expect(mapped).toBeInstanceOf(EventStoreUnavailableError);
    expect((mapped as EventStoreUnavailableError).cause).toBe(refused);
    const syntax = databaseError('42601');
    expect(toStoreError(syntax)).toBe(syntax);
  });
});
