/**
 * Ids this instance has seen exist (teams, agents): an id never stops existing (its stream stays,
 * its read-model row is never deleted), so once known a read can skip the query it ran only to
 * answer 404 for an unknown one. Bounded: the set is simply emptied when `max` is reached
 * (forgetting costs one query, never a wrong answer).
 */
export class KnownIds {
  private readonly ids = new Set<string>();

  constructor(private readonly max = 10_000) {}

  has(id: string): boolean {
    return this.ids.has(id);
  }

  remember(id: string): void {
    if (this.ids.size >= this.max) this.ids.clear();
    this.ids.add(id);
  }
}
