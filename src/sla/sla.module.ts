import { Module } from '@nestjs/common';
import { StreamCommandRunner } from '../routing/shared/stream-command-runner';
import { DefineCalendarController } from './calendars/define-calendar/define-calendar.controller';
import { GetCalendarController } from './calendars/get-calendar/get-calendar.controller';
import { ListCalendarsController } from './calendars/list-calendars/list-calendars.controller';
import { SlaConfigProjection } from './config-read-model/sla-config.projection';
import { SlaConfigQueries } from './config-read-model/sla-config.queries';
import { DefinePolicyController } from './policies/define-policy/define-policy.controller';
import { GetPolicyController } from './policies/get-policy/get-policy.controller';
import { ListPoliciesController } from './policies/list-policies/list-policies.controller';
import { PolicyHistoryController } from './policies/policy-history/policy-history.controller';
import { SlaConfigCommands } from './shared/sla-config-commands.service';

/**
 * SLA configuration: calendars (`sla-calendar-<id>`) and policies (`sla-policy-<id>`), their REST
 * API and the read model behind the lists. Needs the global EVENT_STORE, CLOCK, ID_GENERATOR,
 * APP_CONFIG and TypeORM DataSource. Exports SlaConfigCommands (current calendars and policies
 * folded from their streams) and SlaConfigQueries for the clocks.
 */
@Module({
  controllers: [
    DefineCalendarController,
    ListCalendarsController,
    GetCalendarController,
    DefinePolicyController,
    ListPoliciesController,
    GetPolicyController,
    PolicyHistoryController,
  ],
  providers: [StreamCommandRunner, SlaConfigCommands, SlaConfigQueries, SlaConfigProjection],
  exports: [SlaConfigCommands, SlaConfigQueries],
})
export class SlaModule {}
