import { Module } from '@nestjs/common';
import { RouterProjection } from './router.projection';

/**
 * The durable router: assigns waiting tickets to eligible agents from the event subscription (a
 * projection, so one instance routes at a time and its state commits with its checkpoint). It
 * issues the tickets' assign/unassign commands through the CommandBus (TicketIntakeModule's
 * handlers), as the `system` actor `router`. See README.md.
 */
@Module({ providers: [RouterProjection] })
export class RouterModule {}
