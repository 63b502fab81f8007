import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const REQUEST_ID_HEADER = 'x-request-id';

/**
 * A caller's request id is accepted only when it is short and made of characters that are safe in
 * a header and a log line; anything else (too long, spaces, control characters, quotes) is
 * replaced by a fresh uuid rather than rejected, since the request itself may be fine.
 */
const ACCEPTABLE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export function acceptableRequestId(value: string | string[] | undefined): string | undefined {
  const candidate = Array.isArray(value) ? value[0] : value;
  return candidate !== undefined && ACCEPTABLE_REQUEST_ID.test(candidate) ? candidate : undefined;
}

/** Fastify's `genReqId`: the caller's X-Request-Id when acceptable, else a new uuid. */
export function requestIdOf(request: IncomingMessage): string {
  return acceptableRequestId(request.headers[REQUEST_ID_HEADER]) ?? randomUUID();
}
