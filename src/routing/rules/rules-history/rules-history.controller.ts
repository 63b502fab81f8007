import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../../auth/auth.decorators';
import { EVENT_STORE, type EventStore } from '../../../event-store/event-store.port';
import { HistoryPageResponse, HistoryQuery, readHistory } from '../../shared/stream-history';
import { RoutingRulesNotDefined } from '../routing-rules.errors';
import { ROUTING_RULES_STREAM } from '../routing-rules.events';

@ApiTags('routing')
@Controller('routing/rules')
export class RoutingRulesHistoryController {
  constructor(@Inject(EVENT_STORE) private readonly eventStore: EventStore) {}

  @Get('history')
  @Roles('admin', 'supervisor', 'auditor', 'agent')
  @ApiOperation({
    summary: 'Every version of the routing rules, with who changed them and when',
    description: 'The events of `routing-rules` in order (full set and version each).',
  })
  @ApiOkResponse({ type: HistoryPageResponse })
  @ApiNotFoundResponse({ description: 'No rules defined yet (`routing-rules-not-defined`).' })
  async history(@Query() query: HistoryQuery): Promise<HistoryPageResponse> {
    const page = await readHistory(
      this.eventStore,
      ROUTING_RULES_STREAM,
      '/routing/rules/history',
      query,
    );
    if (!page) throw new RoutingRulesNotDefined();
    return page;
  }
}
