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
import {
  HistoryPageResponse,
  HistoryQuery,
  readHistory,
} from '../../../routing/shared/stream-history';
import { SlaPolicyNotFound } from '../../shared/sla.errors';
import { slaIdParam } from '../../shared/sla-params';
import { isSlaId } from '../../shared/sla.values';
import { slaPolicyStreamName } from '../sla-policy.events';

@ApiTags('sla')
@Controller('sla/policies')
export class PolicyHistoryController {
  constructor(@Inject(EVENT_STORE) private readonly eventStore: EventStore) {}

  @Get(':id/history')
  @Roles('admin', 'supervisor', 'auditor', 'agent')
  @ApiOperation({
    summary: 'Every version of an SLA policy, with who changed it and when',
    description: 'The events of `sla-policy-<id>` in order (full definition and version each).',
  })
  @ApiParam(slaIdParam('policy'))
  @ApiOkResponse({ type: HistoryPageResponse })
  @ApiNotFoundResponse({ description: 'No such policy.' })
  async history(
    @Param('id') policyId: string,
    @Query() query: HistoryQuery,
  ): Promise<HistoryPageResponse> {
    if (!isSlaId(policyId)) throw new SlaPolicyNotFound(policyId);
    const page = await readHistory(
      this.eventStore,
      slaPolicyStreamName(policyId),
      `/sla/policies/${policyId}/history`,
      query,
    );
    if (!page) throw new SlaPolicyNotFound(policyId);
    return page;
  }
}
