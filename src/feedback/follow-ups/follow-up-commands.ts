import { Injectable } from '@nestjs/common';
import type { CommandContext } from '../../platform/http/command-context';
import { StreamCommandRunner } from '../../routing/shared/stream-command-runner';
import { FOLLOW_UP_DECIDER, type FollowUp, type FollowUpCommand } from './follow-up.decider';
import { FollowUpNotFound } from './follow-up.errors';

/** Loads follow-ups from their streams and runs the staff commands on them. */
@Injectable()
export class FollowUpCommands {
  constructor(private readonly runner: StreamCommandRunner) {}

  async load(followUpId: string): Promise<{ followUp: FollowUp; revision: bigint }> {
    const loaded = await this.runner.load(FOLLOW_UP_DECIDER, followUpId);
    if (!loaded.state.exists) throw new FollowUpNotFound(followUpId);
    return { followUp: loaded.state, revision: loaded.revision };
  }

  async run(request: {
    followUpId: string;
    context: CommandContext;
    ifMatch?: bigint;
    command: (at: string) => FollowUpCommand;
  }): Promise<{ followUp: FollowUp; revision: bigint }> {
    const outcome = await this.runner.run({
      decider: FOLLOW_UP_DECIDER,
      id: request.followUpId,
      context: request.context,
      ifMatch: request.ifMatch,
      build: (_state, now) => [request.command(now.toISOString())],
    });
    if (!outcome.state.exists) throw new FollowUpNotFound(request.followUpId);
    return { followUp: outcome.state, revision: outcome.revision };
  }
}
