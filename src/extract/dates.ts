/**
 * Date values from metadata and text, to ISO 8601 keeping the page's own offset.
 * Invalid or implausible dates give null rather than a guess.
 */
import { parseFooterDate } from './embeds/dates.js';

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;

const MIN_YEAR = 1990;

function plausible(year: number, month: number, day: number, hour = 0, minute = 0, second = 0): boolean {
  if (year < MIN_YEAR || year > 2100) return false;
  if (month < 1 || month > 12 || day < 1 || day > 31) return false;
  if (hour > 23 || minute > 59 || second > 60) return false;
  const d = new Date(Date.UTC(year, month - 1, day));
  return d.getUTCMonth() === month - 1;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

function formatOffset(raw: string | undefined): string {
  if (raw === undefined) return '';
  if (raw.toUpperCase() === 'Z') return 'Z';
  const m = /^([+-])(\d{2}):?(\d{2})?$/.exec(raw);
  if (m === null) return '';
  return `${m[1]}${m[2]}:${m[3] ?? '00'}`;
}

/** Parses a machine-readable date (ISO 8601, RFC 2822, epoch seconds/ms). */
export function parseDateValue(input: string | null | undefined): string | null {
  if (input == null) return null;
  const s = input.trim();
  if (s === '' || s.length > 64) return null;
  const iso = ISO.exec(s);
  if (iso !== null) {
    const [, y, mo, d, h, mi, sec, , off] = iso;
    const year = Number(y), month = Number(mo), day = Number(d);
    if (h === undefined) return plausible(year, month, day) ? `${y}-${mo}-${d}` : null;
    const hour = Number(h), minute = Number(mi), second = sec === undefined ? 0 : Number(sec);
    if (!plausible(year, month, day, hour, minute, second)) return null;
    return `${y}-${mo}-${d}T${h}:${mi}:${pad(second)}${formatOffset(off)}`;
  }
  if (/^\d{10}(?:\d{3})?$/.test(s)) {
    const ms = s.length === 10 ? Number(s) * 1000 : Number(s);
    return fromDate(new Date(ms));
  }
  // RFC 2822 and other forms Date.parse understands, only when they carry a zone.
  if (/\d{4}/.test(s) && /(?:GMT|UTC|[+-]\d{4}|\b[ECMP][SD]T\b)/.test(s)) {
    const t = Date.parse(s);
    if (!Number.isNaN(t)) {
      const off = /([+-])(\d{2})(\d{2})\s*$/.exec(s);
      if (off !== null) {
        const sign = off[1] === '-' ? -1 : 1;
        const minutes = sign * (Number(off[2]) * 60 + Number(off[3]));
        const local = new Date(t + minutes * 60_000);
        const base = fromDate(local);
        return base === null ? null : base.replace(/Z$/, `${off[1]}${off[2]}:${off[3]}`);
      }
      return fromDate(new Date(t));
    }
  }
  return parseTextDate(s);
}

function fromDate(d: Date): string | null {
  if (Number.isNaN(d.getTime())) return null;
  const year = d.getUTCFullYear();
  if (year < MIN_YEAR || year > 2100) return null;
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

const NUMERIC_YMD = /\b(\d{4})[./-](\d{1,2})[./-](\d{1,2})\b/;
const NUMERIC_DMY = /\b(\d{1,2})\.(\d{1,2})\.(\d{4})\b/;

/**
 * Human-written dates ("September 5, 2018", "15 décembre 2023", "2024년 5월 3일") → YYYY-MM-DD.
 * Month names in many languages are read by the embeds' footer-date parser (one table for
 * both); numeric forms ("2019/10/21", "23.10.2018") are added here.
 */
export function parseTextDate(input: string): string | null {
  const named = parseFooterDate(input);
  if (named !== null) return named;
  const ymd = (y: number, m: number, d: number) => (plausible(y, m, d) ? `${y}-${pad(m)}-${pad(d)}` : null);
  let m = NUMERIC_YMD.exec(input);
  if (m !== null) return ymd(Number(m[1]), Number(m[2]), Number(m[3]));
  m = NUMERIC_DMY.exec(input);
  if (m !== null) return ymd(Number(m[3]), Number(m[2]), Number(m[1]));
  return null;
}
