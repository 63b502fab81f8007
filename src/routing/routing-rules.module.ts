import { Module } from '@nestjs/common';
import { StreamCommandRunner } from './shared/stream-command-runner';
import { DefineRoutingRulesController } from './rules/define-rules/define-rules.controller';
import { GetRoutingRulesController } from './rules/get-rules/get-rules.controller';
import { RoutingRulesCommands } from './rules/routing-rules-commands.service';
import { RoutingRulesHistoryController } from './rules/rules-history/rules-history.controller';

/**
 * Routing rules (`PUT/GET /routing/rules`, `GET /routing/rules/history`) on the single
 * `routing-rules` stream, folded on read (no read model). Exports RoutingRulesCommands (load()
 * gives the current set) for the router. Needs the global EVENT_STORE, CLOCK, ID_GENERATOR and
 * APP_CONFIG.
 */
@Module({
  controllers: [
    DefineRoutingRulesController,
    GetRoutingRulesController,
    RoutingRulesHistoryController,
  ],
  providers: [StreamCommandRunner, RoutingRulesCommands],
  exports: [RoutingRulesCommands],
})
export class RoutingRulesModule {}
