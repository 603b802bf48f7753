/** The clean stage: normalization, in-record deduplication, content identity. */
export { normalizeText, normalizeOrNull, comparisonKey, detach, type NormalizeOptions } from './normalize.js';
export { dedupeParagraphs, type DedupeInput, type DedupeResult } from './dedupe.js';
export { contentHash, simhash64, hammingDistance } from './fingerprint.js';
