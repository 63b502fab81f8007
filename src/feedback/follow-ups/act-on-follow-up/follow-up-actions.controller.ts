import { Body, Controller, Headers, HttpCode, Param, Post, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiPreconditionFailedResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Roles } from '../../../auth/auth.decorators';
import { CurrentCommandContext, type CommandContext } from '../../../platform/http/command-context';
import { formatEtag, parseIfMatch } from '../../../platform/http/concurrency';
import { ApiIdempotencyKey } from '../../../platform/idempotency/idempotency.decorators';
import { IF_MATCH_HEADER_DOC } from '../../../routing/shared/directory-params';
import type { FollowUpCommand } from '../follow-up.decider';
import { FollowUpCommands } from '../follow-up-commands';
import { FOLLOW_UP_ID_PARAM, followUpIdFromPath } from '../follow-up.http';
import { FollowUpResponse, toFollowUpResponse } from '../follow-up.response';
import { ContactFollowUpRequest, ResolveFollowUpRequest } from './follow-up-actions.request.dto';

/** The documentation every action shares. */
function FollowUpAction(summary: string, description: string): MethodDecorator {
  return (target, key, descriptor) => {
    const decorators: MethodDecorator[] = [
      HttpCode(200),
      Roles('admin', 'supervisor'),
      ApiOperation({ summary, description }),
      ApiParam(FOLLOW_UP_ID_PARAM),
      ApiHeader(IF_MATCH_HEADER_DOC),
      ApiIdempotencyKey(),
      ApiOkResponse({ type: FollowUpResponse, description: 'The follow-up after it (ETag set).' }),
      ApiNotFoundResponse({ description: '`follow-up-not-found`: there is no such follow-up.' }),
      ApiConflictResponse({
        description: '`illegal-follow-up-transition`: not possible in its current status.',
      }),
      ApiPreconditionFailedResponse({ description: 'If-Match names another revision.' }),
    ];
    for (const decorator of decorators) decorator(target, key, descriptor);
  };
}

@ApiTags('follow-ups')
@Controller('feedback/follow-ups')
export class FollowUpActionsController {
  constructor(private readonly followUps: FollowUpCommands) {}

  @Post(':id/acknowledge')
  @FollowUpAction(
    'Acknowledge a follow-up',
    'Records FollowUpAcknowledged: someone has taken it on. Only an open follow-up (else 409).',
  )
  acknowledge(
    @Param('id') id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentCommandContext() context: CommandContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<FollowUpResponse> {
    return this.act(id, ifMatch, context, reply, (followUpId, at) => ({
      type: 'AcknowledgeFollowUp',
      followUpId,
      by: context.actor,
      at,
    }));
  }

  @Post(':id/contact')
  @FollowUpAction(
    'Record a contact with the customer',
    'Records FollowUpContacted (channel, optional note). Repeatable; not once resolved (409).',
  )
  @ApiBadRequestResponse({ description: '`validation-error`: channel or note.' })
  contact(
    @Param('id') id: string,
    @Body() body: ContactFollowUpRequest,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentCommandContext() context: CommandContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<FollowUpResponse> {
    return this.act(id, ifMatch, context, reply, (followUpId, at) => ({
      type: 'ContactFollowUp',
      followUpId,
      by: context.actor,
      channel: body.channel,
      note: body.note ?? null,
      at,
    }));
  }

  @Post(':id/resolve')
  @FollowUpAction(
    'Resolve a follow-up',
    'Records FollowUpResolved with what was done. From any unresolved status; twice is 409.',
  )
  @ApiBadRequestResponse({ description: '`validation-error`: resolution missing or too long.' })
  resolve(
    @Param('id') id: string,
    @Body() body: ResolveFollowUpRequest,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentCommandContext() context: CommandContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<FollowUpResponse> {
    return this.act(id, ifMatch, context, reply, (followUpId, at) => ({
      type: 'ResolveFollowUp',
      followUpId,
      by: context.actor,
      resolution: body.resolution,
      at,
    }));
  }

  private async act(
    id: string,
    ifMatchHeader: string | undefined,
    context: CommandContext,
    reply: FastifyReply,
    command: (followUpId: string, at: string) => FollowUpCommand,
  ): Promise<FollowUpResponse> {
    const ifMatch = parseIfMatch(ifMatchHeader);
    const followUpId = followUpIdFromPath(id);
    const { followUp, revision } = await this.followUps.run({
      followUpId,
      context,
      ifMatch,
      command: (at) => command(followUpId, at),
    });
    void reply.header('ETag', formatEtag(revision));
    return toFollowUpResponse(followUp, revision);
  }
}
