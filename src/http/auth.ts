/**
 * Bearer-token check for /v1. Both sides are hashed to SHA-256 first, so
 * timingSafeEqual compares equal-length buffers and the time taken tells nothing
 * about the token's length or its first differing byte.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

export function createTokenCheck(token: string): (authorization: string | undefined) => boolean {
  const expected = createHash('sha256').update(token, 'utf8').digest();
  return (authorization) => {
    if (typeof authorization !== 'string') return false;
    const m = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(authorization);
    // Hash something in every case, so a missing or malformed header costs the same.
    const given = createHash('sha256').update(m?.[1] ?? '', 'utf8').digest();
    return timingSafeEqual(given, expected) && m !== null;
  };
}
