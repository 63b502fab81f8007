import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { Roles } from '../auth/auth.decorators';
import {
  ProjectionListResponse,
  ProjectionStatusResponse,
  RebuildAcceptedResponse,
} from './dto/projection-status.response';
import { ProjectionRunner } from './projection-runner';

@ApiTags('admin')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'Missing, malformed, unknown or revoked API key.' })
@ApiForbiddenResponse({ description: 'The API key does not have a permitted role.' })
@Controller('admin/projections')
export class ProjectionsAdminController {
  constructor(private readonly runner: ProjectionRunner) {}

  @Get()
  @Roles('admin', 'supervisor', 'auditor')
  @ApiOperation({
    summary: 'List projections',
    description: 'Each read-model projection with its position, lag (events and ms) and state.',
  })
  @ApiOkResponse({ type: ProjectionListResponse })
  async list(): Promise<ProjectionListResponse> {
    const statuses = await this.runner.status();
    return { items: statuses.map((status) => ProjectionStatusResponse.from(status)) };
  }

  @Post(':name/rebuild')
  @HttpCode(202)
  @Roles('admin')
  @ApiOperation({
    summary: 'Rebuild a projection',
    description:
      'Replays the whole log into fresh tables while the current ones keep serving reads, then switches. Any instance accepts the request; the one running the projection performs it.',
  })
  @ApiParam({ name: 'name', description: 'The projection name', example: 'ticket_list' })
  @ApiAcceptedResponse({ type: RebuildAcceptedResponse })
  @ApiNotFoundResponse({ description: 'No projection has that name.' })
  @ApiConflictResponse({ description: 'The projection has no tables to rebuild.' })
  async rebuild(@Param('name') name: string): Promise<RebuildAcceptedResponse> {
    const request = await this.runner.requestRebuild(name);
    return {
      name: request.name,
      version: request.version,
      requestedAt: request.requestedAt.toISOString(),
      status: '/admin/projections',
    };
  }
}
