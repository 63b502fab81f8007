import { Module } from '@nestjs/common';

/** Work queues read models: GET /queues, /queues/{teamId}/tickets, /agents/{id}/tickets, /agents/{id}/load. */
@Module({})
export class QueuesModule {}
