// Public surface of the business-time arithmetic (pure; no Nest, no DB).
export * from './business-calendar';
export * from './business-time';
export * from './business-time.errors';
export * from './paused-business-time';
export { assertTimeZone } from './zoned-time';
