import type { INestApplication } from '@nestjs/common';
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
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const { policies: stored } = await queries.matchingConfig();
    const present = policies.every(({ id, version }) =>
      stored.some(
        (policy) => policy.id === id && (version === undefined || policy.version >= version),
      ),
    );
    if (present) return;
    if (performance.now() > deadline) {
      throw new Error(
        `policies ${policies.map((p) => p.id).join(', ')} never reached the read model`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
