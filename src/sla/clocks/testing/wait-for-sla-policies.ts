import type { INestApplication } from '@nestjs/common';
import { eventually } from '../../../tickets/getting-ticket-details/testing/ticket-api';
import { SlaConfigQueries } from '../../config-read-model/sla-config.queries';

/**
 * Waits until the SLA config read model holds these policies (at `version` or later when given):
 * the clocks look policies up there, so a test that saves a policy and then opens a ticket must
 * wait for it first. The deadline is a monotonic test timeout, not domain time.
 */
export async function waitForSlaPolicies(
  app: INestApplication,
  policies: readonly { readonly id: string; readonly version?: number }[],
  timeoutMs = 10_000,
): Promise<void> {
  const queries = app.get(SlaConfigQueries);
  await eventually(
    async () => {
      const { policies: stored } = await queries.matchingConfig();
      return policies.every(({ id, version }) =>
        stored.some(
          (policy) => policy.id === id && (version === undefined || policy.version >= version),
        ),
      );
    },
    `policies ${policies.map((p) => p.id).join(', ')} to reach the read model`,
    timeoutMs,
  );
}
