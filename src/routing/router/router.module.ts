import { Module } from '@nestjs/common';

/** The durable router: assigns waiting tickets to eligible agents from the event subscription. */
@Module({})
export class RouterModule {}
