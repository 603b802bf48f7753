/**
 * Fetch stage: guarded, polite, robots-aware HTML fetching over one shared undici Agent.
 * Everything outside src/fetch imports from here only.
 */
export type { FetchOptions, FetchResult, Fetcher } from './types.js';
export { createFetcher, type FetcherOptions } from './client.js';
export { createMemoryPoliteness, type Politeness, type PolitenessOptions } from './politeness.js';
export { createRedisPoliteness, type RedisPolitenessOptions } from './redis-politeness.js';
export { decodeHtml } from './decode.js';
export { checkUrl, isBlockedAddress, blockedReason, type LookupFunction } from './guard.js';
