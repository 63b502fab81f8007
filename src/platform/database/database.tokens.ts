/** The raw `pg` pool (event store, advisory locks, hand-written SQL). TypeORM has its own pool. */
export const PG_POOL = Symbol('PgPool');
