import { Global, Module } from '@nestjs/common';
import { MetricsController } from './metrics.controller';
import { Metrics } from './metrics';

/**
 * One Metrics (Prometheus registry) per application, injectable everywhere by class, and
 * GET /metrics serving it. configureHttp() records HTTP latency into it.
 */
@Global()
@Module({
  controllers: [MetricsController],
  providers: [Metrics],
  exports: [Metrics],
})
export class MetricsModule {}
