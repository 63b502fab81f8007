import { Module } from '@nestjs/common';
import { ProjectionsModule } from '../../projections/projections.module';
import { ProjectionLagReader } from '../../tickets/read-consistency';
import { DirectoryModule } from '../directory.module';
import { AgentWorkController } from './agent-work/agent-work.controller';
import { ListQueuesController } from './list-queues/list-queues.controller';
import { ListTeamQueueController } from './list-team-queue/list-team-queue.controller';
import { QueueProjection } from './queue-read-model/queue.projection';
import { QueueQueries } from './queue-read-model/queue.queries';

/**
 * Work queues read models: GET /queues, /queues/{teamId}/tickets, /agents/{id}/tickets,
 * /agents/{id}/load, over the `queues` projection (ticket, SLA next-due and directory events).
 * Needs the TypeORM DataSource (global), CLOCK, the ProjectionRunner (lag headers) and
 * AGENT_DIRECTORY (404s for agents and teams not projected yet).
 */
@Module({
  imports: [DirectoryModule, ProjectionsModule],
  controllers: [ListQueuesController, ListTeamQueueController, AgentWorkController],
  providers: [QueueProjection, QueueQueries, ProjectionLagReader],
})
export class QueuesModule {}
