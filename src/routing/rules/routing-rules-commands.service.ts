import { Injectable } from '@nestjs/common';
import type { CommandContext } from '../../platform/http/command-context';
import { StreamCommandRunner, type StreamCommandOutcome } from '../shared/stream-command-runner';
import type { RoutingRuleSet } from '../strategies/routing-rules';
import {
  ROUTING_RULES_DECIDER,
  type DefinedRoutingRules,
  type RoutingRulesState,
} from './routing-rules.decider';
import { RoutingRulesNotDefined } from './routing-rules.errors';
import { ROUTING_RULES_STREAM, type RoutingRulesEvent } from './routing-rules.events';

export type RoutingRulesOutcome = StreamCommandOutcome<RoutingRulesState, RoutingRulesEvent>;

/**
 * Runs routing rules commands through the stream command runner (read → decide → append) and
 * folds the current set from the `routing-rules` stream (no read model: one small stream).
 */
@Injectable()
export class RoutingRulesCommands {
  constructor(private readonly runner: StreamCommandRunner) {}

  define(request: {
    ruleSet: RoutingRuleSet;
    context: CommandContext;
    ifMatch?: bigint;
  }): Promise<RoutingRulesOutcome> {
    return this.runner.run({
      decider: ROUTING_RULES_DECIDER,
      id: ROUTING_RULES_STREAM,
      context: request.context,
      ifMatch: request.ifMatch,
      build: (_state, now) => [
        { type: 'DefineRoutingRules' as const, ruleSet: request.ruleSet, at: now.toISOString() },
      ],
    });
  }

  /** The current rules; 404 RoutingRulesNotDefined before the first PUT. */
  async load(): Promise<{ rules: DefinedRoutingRules; revision: bigint }> {
    const loaded = await this.runner.load(ROUTING_RULES_DECIDER, ROUTING_RULES_STREAM);
    if (!loaded.state.exists) throw new RoutingRulesNotDefined();
    return { rules: loaded.state, revision: loaded.revision };
  }
}
