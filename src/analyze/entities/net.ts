import { isIPv6 } from 'node:net';
import { type Entity, scan } from './types.js';

/** E-mail addresses, URLs, domains and IP addresses. */
const EMAIL_RE = /(?<![\w.+-])([\w.+-]{1,64}@(?:[a-z0-9-]{1,63}\.)+[a-z]{2,24})(?![\w-])/gi;
const URL_RE = /\b((?:https?|ftp):\/\/[^\s<>"'()[\]{}]+|www\.[a-z0-9-]+(?:\.[a-z0-9-]+)+[^\s<>"'()[\]{}]*)/gi;
const IPV4_RE = /(?<![\d.])((?:25[0-5]|2[0-4]\d|1?\d?\d)(?:\.(?:25[0-5]|2[0-4]\d|1?\d?\d)){3})(?!\d|\.\d)/g;
const IPV6_RE = /(?<![\w:.])([0-9a-f]{0,4}(?::[0-9a-f]{0,4}){2,7})(?![\w:]|\.\d)/gi;
// Bare domains only with a TLD from this list: "rapport.pdf" or "v1.2" must not count.
const TLDS = 'com|fr|org|net|eu|io|gouv\\.fr|de|uk|co\\.uk|info|be|ch|ru|us|it|es|nl|lu|ca|int|edu|gov|tv|me';
const DOMAIN_RE = new RegExp(`(?<![\\w@./-])((?:[a-z0-9-]{1,63}\\.)+(?:${TLDS}))(?![\\w.-]*[\\w-]|@)`, 'gi');

const trimUrl = (u: string) => u.replace(/[.,;:!?]+$/, '');

export function findEmails(text: string): Entity[] {
  if (!text.includes('@')) return [];
  return scan(text, EMAIL_RE, (m) => {
    const v = m[1]!.replace(/^\.+|\.+$/g, '');
    return { type: 'email', value: v, normalized: v.toLowerCase(), start: m.index, end: m.index + v.length };
  });
}

/** Host of a URL, lower-case, without "www."; null when unparseable. */
export function urlHost(url: string): string | null {
  try {
    const u = new URL(/^[a-z]+:\/\//i.test(url) ? url : `http://${url}`);
    return u.hostname.toLowerCase().replace(/^www\./, '') || null;
  } catch {
    return null;
  }
}

/** URLs, plus one `domain` entity per URL host and per bare domain name. */
const HAS_URL = /https?:|ftp:|www\./i;
const HAS_TLD = new RegExp(`\\.(?:${TLDS})\\b`, 'i');

export function findUrlsAndDomains(text: string): Entity[] {
  const out: Entity[] = [];
  // Cheap pre-checks: most texts have no URL and no domain, and the full patterns cost more.
  if (!HAS_URL.test(text) && !HAS_TLD.test(text)) return out;
  for (const e of scan(text, URL_RE, (m) => {
    const v = trimUrl(m[1]!);
    return {
      type: 'url',
      value: v,
      normalized: v.replace(/^(https?:\/\/)?/i, (p) => p.toLowerCase() || 'http://'),
      start: m.index,
      end: m.index + v.length,
    };
  })) {
    out.push(e);
    const host = urlHost(e.value);
    if (host) out.push({ type: 'domain', value: host, normalized: host, start: e.start, end: e.end });
  }
  for (const d of scan(text, DOMAIN_RE, (m) => {
    const v = m[1]!;
    return {
      type: 'domain',
      value: v,
      normalized: v.toLowerCase().replace(/^www\./, ''),
      start: m.index,
      end: m.index + v.length,
    };
  })) {
    if (!out.some((e) => d.start < e.end && d.end > e.start)) out.push(d);
  }
  return out;
}

export function findIps(text: string): Entity[] {
  const v4 = !/\d\.\d/.test(text)
    ? []
    : scan(text, IPV4_RE, (m) => ({
        type: 'ip',
        value: m[1]!,
        normalized: m[1]!,
        start: m.index,
        end: m.index + m[1]!.length,
      }));
  const v6 = !/[0-9a-f]:[0-9a-f]*:/i.test(text)
    ? []
    : scan(text, IPV6_RE, (m) =>
        isIPv6(m[1]!) && m[1]!.includes(':') && /[0-9a-f]{3}/i.test(m[1]!)
          ? {
              type: 'ip',
              value: m[1]!,
              normalized: m[1]!.toLowerCase(),
              start: m.index,
              end: m.index + m[1]!.length,
            }
          : null,
      );
  return [...v4, ...v6];
}
