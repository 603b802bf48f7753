/**
 * What the API accepts as a URL to ingest, with a reason for each rejection so a 400
 * can name every bad URL and say what is wrong with it. Mirrors the fetch stage's
 * own checks (checkUrl) so a URL accepted here is not rejected later as INVALID_URL.
 */
import { MAX_URL_LENGTH } from '../url.js';

/** Why `input` is not an acceptable URL, or null when it is. */
export function urlProblem(input: unknown): string | null {
  if (typeof input !== 'string') return 'not a string';
  if (input.trim() === '') return 'empty';
  if (input.length > MAX_URL_LENGTH) return `longer than ${MAX_URL_LENGTH} characters`;
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    return 'not an absolute URL';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return `scheme ${url.protocol.slice(0, 20)} is not http or https`;
  if (url.hostname === '') return 'no host';
  if (url.username !== '' || url.password !== '') return 'credentials in URLs are not allowed';
  return null;
}

/** The custom JSON-schema format used by the request schemas (registered with fastify's Ajv). */
export const URL_FORMAT = 'gleaner-url';

export const isAcceptableUrl = (input: string): boolean => urlProblem(input) === null;
