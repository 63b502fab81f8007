import { DiscoveryService } from '@nestjs/core';

/**
 * Marks a provider class as a projection. A feature module lists the class among its providers
 * and the ProjectionsModule discovers it at start-up; no central list to edit.
 *
 *   @Injectable()
 *   @ProjectionDefinition()
 *   export class TicketListProjection implements Projection { … }
 */
export const ProjectionDefinition = DiscoveryService.createDecorator<void>();
