import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import {
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { Roles } from '../../../auth/auth.decorators';
import { EVENT_STORE, type EventStore } from '../../../event-store/event-store.port';
import { AgentNotFound } from '../../directory.errors';
import { agentStreamName } from '../../directory.values';
import { idParam, isDirectoryId } from '../../shared/directory-params';
import { HistoryPageResponse, HistoryQuery, readHistory } from '../../shared/stream-history';

@ApiTags('agents')
@Controller('agents')
export class AgentHistoryController {
  constructor(@Inject(EVENT_STORE) private readonly eventStore: EventStore) {}

  @Get(':id/history')
  @Roles('admin', 'supervisor', 'auditor')
  @ApiOperation({
    summary: 'Every change of an agent, with who made it and when',
    description: 'The events of `agent-<id>` in order, each with its metadata.',
  })
  @ApiParam(idParam('agent'))
  @ApiOkResponse({ type: HistoryPageResponse })
  @ApiNotFoundResponse({ description: 'No such agent.' })
  async history(
    @Param('id') agentId: string,
    @Query() query: HistoryQuery,
  ): Promise<HistoryPageResponse> {
    if (!isDirectoryId(agentId)) throw new AgentNotFound(agentId);
    const page = await readHistory(
      this.eventStore,
      agentStreamName(agentId),
      `/agents/${agentId}/history`,
      query,
    );
    if (!page) throw new AgentNotFound(agentId);
    return page;
  }
}
