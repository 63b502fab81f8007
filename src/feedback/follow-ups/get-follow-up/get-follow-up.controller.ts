import { Controller, Get, Param, Res } from '@nestjs/common';
import {
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Roles } from '../../../auth/auth.decorators';
import { formatEtag } from '../../../platform/http/concurrency';
import { FollowUpCommands } from '../follow-up-commands';
import { FOLLOW_UP_ID_PARAM, followUpIdFromPath } from '../follow-up.http';
import { FollowUpResponse, toFollowUpResponse } from '../follow-up.response';

@ApiTags('follow-ups')
@Controller('feedback/follow-ups')
export class GetFollowUpController {
  constructor(private readonly followUps: FollowUpCommands) {}

  @Get(':id')
  @Roles('admin', 'supervisor', 'auditor')
  @ApiOperation({
    summary: 'Get one follow-up',
    description: 'Folded from its stream: always current; the ETag is its revision (If-Match).',
  })
  @ApiParam(FOLLOW_UP_ID_PARAM)
  @ApiOkResponse({
    type: FollowUpResponse,
    headers: {
      ETag: {
        description: 'The follow-up stream revision, as a weak ETag (`W/"<revision>"`).',
        schema: { type: 'string', maxLength: 30, pattern: '^W/"\\d{1,19}"$' },
      },
    },
  })
  @ApiNotFoundResponse({ description: '`follow-up-not-found`: there is no such follow-up.' })
  async get(
    @Param('id') id: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<FollowUpResponse> {
    const { followUp, revision } = await this.followUps.load(followUpIdFromPath(id));
    void reply.header('ETag', formatEtag(revision));
    return toFollowUpResponse(followUp, revision);
  }
}
