import { checkSlaPolicy, type SlaPolicyInput } from './sla-policy.definition';
import { matchPolicy, type TicketFacts, type VersionedPolicy } from './match-policy';

function policy(id: string, input: Partial<SlaPolicyInput>): VersionedPolicy {
  const { definition, problems } = checkSlaPolicy({
    name: id,
    position: 0,
    targets: { normal: { resolution: 'PT8H' } },
    calendarId: 'cal',
    ...input,
  });
  if (!definition) throw new Error(JSON.stringify(problems));
  return { id, version: 1, definition };
}

const facts = (overrides: Partial<TicketFacts> = {}): TicketFacts => ({
  priority: 'normal',
  customerTier: 'standard',
  channel: 'email',
  type: 'question',
  tags: [],
  ...overrides,
});

describe('matchPolicy', () => {
  const vip = policy('vip', { position: 1, conditions: { customerTiers: ['vip'] } });
  const urgentChat = policy('urgent-chat', {
    position: 2,
    conditions: { priorities: ['urgent', 'high'], channels: ['chat'] },
  });
  const billing = policy('billing', {
    position: 3,
    conditions: { tagsAnyOf: ['billing', 'invoice'], types: ['incident'] },
  });
  const security = policy('security', {
    position: 4,
    conditions: { tagsAllOf: ['security', 'p1'] },
  });
  const fallback = policy('default', { position: 100 });
  const all = [fallback, security, billing, urgentChat, vip];

  it('takes the first match by position, whatever the input order', () => {
    expect(
      matchPolicy(all, facts({ customerTier: 'vip', priority: 'urgent', channel: 'chat' }))?.id,
    ).toBe('vip');
    expect(matchPolicy(all, facts({ priority: 'urgent', channel: 'chat' }))?.id).toBe(
      'urgent-chat',
    );
    expect(matchPolicy(all, facts({ priority: 'urgent', channel: 'email' }))?.id).toBe('default');
  });

  it('matches tags any-of and all-of, case-insensitively', () => {
    expect(matchPolicy(all, facts({ type: 'incident', tags: ['Invoice'] }))?.id).toBe('billing');
    expect(matchPolicy(all, facts({ type: 'question', tags: ['invoice'] }))?.id).toBe('default');
    expect(matchPolicy(all, facts({ tags: ['security', 'p1', 'x'] }))?.id).toBe('security');
    expect(matchPolicy(all, facts({ tags: ['security'] }))?.id).toBe('default');
  });

  it('does not match a tier condition when the customer has no tier', () => {
    expect(matchPolicy([vip], facts({ customerTier: null }))).toBeUndefined();
  });

  it('breaks position ties by id and returns undefined when nothing matches', () => {
    const a = policy('a', { position: 5 });
    const b = policy('b', { position: 5 });
    expect(matchPolicy([b, a], facts())?.id).toBe('a');
    expect(matchPolicy([vip], facts())).toBeUndefined();
    expect(matchPolicy([], facts())).toBeUndefined();
  });
});
