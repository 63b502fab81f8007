/**
 * What every ticket command route of the intake slices shares: the ticket id path parameter, the
 * If-Match request header, the ETag response header and the `{id, status, revision}` answer.
 * It lives with the first slice; the command routes of the other slices import it from here.
 */
import { applyDecorators, type Type } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiPreconditionFailedResponse,
  ApiProperty,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { Principal } from '../../auth/principal';
import type { CommandContext } from '../../platform/http/command-context';
import { formatEtag } from '../../platform/http/concurrency';
import { ApiIdempotencyKey } from '../../platform/idempotency/idempotency.decorators';
import type { TicketCommandOutcome } from '../ticket-command-runner';
import { TicketNotFound } from '../ticket.errors';
import { TICKET_STATUSES, type TicketStatus } from '../ticket.values';

/** Ids are generated uuids; the pattern is looser so ids from another generator still fit. */
export const TICKET_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
export const TICKET_ID_MAX_LENGTH = 64;
export const TICKET_ID_EXAMPLE = '5b0d2c1e-8f4a-4e3b-9c6d-2a7f1e0b9d84';

/** Documents the `{id}` path parameter of a ticket command route. */
export const ApiTicketIdParam = (): MethodDecorator =>
  ApiParam({
    name: 'id',
    description: 'The ticket id.',
    example: TICKET_ID_EXAMPLE,
    schema: {
      type: 'string',
      pattern: TICKET_ID_PATTERN.source,
      maxLength: TICKET_ID_MAX_LENGTH,
    },
  });

/**
 * A path id that cannot name a ticket is answered like an unknown one (404 ticket-not-found)
 * without reading the store.
 */
export function ticketIdFromPath(id: string): string {
  if (!TICKET_ID_PATTERN.test(id)) throw new TicketNotFound(id);
  return id;
}

const ETAG_SCHEMA = { type: 'string' as const, maxLength: 30, pattern: '^W/"\\d{1,19}"$' };

/** Response header docs: the ticket's ETag after the command. */
export const TICKET_ETAG_HEADER = {
  ETag: {
    description:
      'The ticket stream revision after the command, as a weak ETag; send it as If-Match next.',
    schema: ETAG_SCHEMA,
  },
};

/** Documents the optional If-Match request header. */
export const ApiIfMatch = (): MethodDecorator =>
  applyDecorators(
    ApiHeader({
      name: 'If-Match',
      required: false,
      description:
        'The ETag of the ticket as last read (`W/"<revision>"`). When the ticket has changed since, ' +
        'the command is refused with 412 and nothing is recorded. Without it, concurrent changes ' +
        'are retried a few times and then answered with 409 concurrency-conflict.',
      schema: { type: 'string', maxLength: 30, pattern: '^(W/)?"\\d{1,19}"$' },
    }),
  );

/** Who sends a ticket command and under which precondition. */
export interface TicketCommandCaller {
  readonly context: CommandContext;
  /**
   * The API key's principal, for the per-ticket access rule (agents only on their tickets).
   * Absent when the product itself issues the command (routing, timers): no per-ticket check.
   */
  readonly principal?: Principal;
  /** From If-Match (parseIfMatch); undefined lets the runner retry on concurrent writes. */
  readonly ifMatch?: bigint;
}

export class TicketRevisionResponse {
  @ApiProperty({
    description: 'The ticket id.',
    example: TICKET_ID_EXAMPLE,
    maxLength: TICKET_ID_MAX_LENGTH,
    pattern: TICKET_ID_PATTERN.source,
  })
  id!: string;

  @ApiProperty({ enum: TICKET_STATUSES, description: 'The status after the command.' })
  status!: TicketStatus;

  @ApiProperty({
    type: 'integer',
    format: 'int64',
    minimum: 0,
    maximum: Number.MAX_SAFE_INTEGER,
    description:
      'The ticket stream revision after the command (unchanged when the command changed nothing); ' +
      'the ETag carries the same number.',
    example: 3,
  })
  revision!: number;
}

/** Sets the ETag of the outcome and returns the `{id, status, revision}` body. */
export function ticketRevisionResponse(
  reply: FastifyReply,
  outcome: TicketCommandOutcome,
): TicketRevisionResponse {
  void reply.header('ETag', formatEtag(outcome.revision));
  if (!outcome.state.exists) throw new TicketNotFound(outcome.ticketId);
  return { id: outcome.ticketId, status: outcome.state.status, revision: Number(outcome.revision) };
}

export interface TicketCommandDocs {
  readonly summary: string;
  readonly description: string;
  /** The command's own 409 problem types, and when (ticket-closed and concurrency-conflict are added). */
  readonly conflicts?: string;
  /** The 422 problem types, when the command has rules the schema cannot express. */
  readonly unprocessable?: string;
  /** The 200 body; `{id, status, revision}` unless a slice returns more. */
  readonly response?: Type<TicketRevisionResponse>;
}

/**
 * The OpenAPI description every `POST /tickets/{id}/<command>` route shares: the id parameter,
 * If-Match and Idempotency-Key, the 200 answer with its ETag, and the ticket-specific errors.
 */
export const ApiTicketCommand = (docs: TicketCommandDocs): MethodDecorator =>
  applyDecorators(
    ApiOperation({ summary: docs.summary, description: docs.description }),
    ApiTicketIdParam(),
    ApiIfMatch(),
    ApiIdempotencyKey(),
    ApiOkResponse({
      type: docs.response ?? TicketRevisionResponse,
      description:
        'Done (or nothing to change: the same value again records nothing and keeps the revision).',
      headers: TICKET_ETAG_HEADER,
    }),
    ApiForbiddenResponse({
      description:
        'The key’s role may not send ticket commands (`forbidden`), or an agent acts on a ticket ' +
        'neither assigned to them nor in one of their teams (`ticket-access-denied`).',
    }),
    ApiNotFoundResponse({ description: '`ticket-not-found`: there is no such ticket.' }),
    ApiConflictResponse({
      description: [
        docs.conflicts,
        '`ticket-closed`: the ticket is closed.',
        '`concurrency-conflict`: the ticket kept changing under concurrent requests; retry.',
      ]
        .filter((sentence) => sentence !== undefined)
        .join(' '),
    }),
    ApiPreconditionFailedResponse({
      description: '`precondition-failed`: the ticket is no longer at the If-Match revision.',
    }),
    ...(docs.unprocessable === undefined
      ? []
      : [ApiUnprocessableEntityResponse({ description: docs.unprocessable })]),
  );
