import type { IncomingMessage } from 'node:http';
import { acceptableRequestId, requestIdOf } from './request-id';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function requestWith(value?: string): IncomingMessage {
  return { headers: value === undefined ? {} : { 'x-request-id': value } } as IncomingMessage;
}

describe('request ids', () => {
  it('keeps a sane caller-supplied id', () => {
    expect(requestIdOf(requestWith('abc-123_DEF.4:5'))).toBe('abc-123_DEF.4:5');
  });

  it.each(['', 'has space', 'x'.repeat(129), 'quote"d', 'new\nline', 'ünïcode'])(
    'replaces %p by a fresh uuid',
    (value) => {
      expect(acceptableRequestId(value)).toBeUndefined();
      expect(requestIdOf(requestWith(value))).toMatch(UUID);
    },
  );

  it('generates a different uuid per request when none is sent', () => {
    const first = requestIdOf(requestWith());
    expect(first).toMatch(UUID);
    expect(requestIdOf(requestWith())).not.toBe(first);
  });
});
