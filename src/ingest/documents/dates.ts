/**
 * Date normalisation to the field dictionary's rule (DESIGN.md "Metadata fields"): ISO 8601;
 * a time known to be UTC ends in `Z`, a time with a known offset keeps it (`+03:00`), and a local
 * time with no zone keeps no suffix at all.
 */

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** ISO string of a Date taken as UTC, without milliseconds when they are zero. */
export function isoUtc(d: Date): string | undefined {
  const t = d.getTime();
  if (!Number.isFinite(t)) return undefined;
  const s = d.toISOString();
  return s.endsWith('.000Z') ? `${s.slice(0, -5)}Z` : s;
}

/** Local wall-clock time (no zone): fields of `d` read as UTC, written without `Z`. */
export function isoLocal(d: Date): string | undefined {
  const s = isoUtc(d);
  return s?.slice(0, -1);
}

/** Normalises an ISO-like string from XML (W3CDTF): keeps its zone, or none if it had none. */
export function normIso(s: string | undefined): string | undefined {
  if (!s) return undefined;
  const t = s.trim();
  const m =
    /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/.exec(t);
  if (!m) return t || undefined;
  const [, y, mo, d, h = '00', mi = '00', sec = '00', frac = '', zone = ''] = m;
  const z = zone === 'Z' || zone === '' ? zone : `${zone.slice(0, 3)}:${zone.slice(-2)}`;
  const fr = /^\.0*$/.test(frac) ? '' : frac;
  return `${y}-${mo}-${d}T${h}:${mi}:${sec}${fr}${z === '+00:00' ? 'Z' : z}`;
}

/** Offset in minutes of an ISO string with an explicit zone (`+03:00` → 180, `Z` → 0). */
export function offsetOf(iso: string | undefined): number | undefined {
  if (!iso) return undefined;
  if (iso.endsWith('Z')) return 0;
  const m = /([+-])(\d{2}):?(\d{2})$/.exec(iso);
  if (!m || !/T\d/.test(iso)) return undefined;
  const v = Number(m[2]) * 60 + Number(m[3]);
  return m[1] === '-' ? -v : v;
}

/**
 * Offset in minutes between a local wall-clock time and the same instant in UTC, rounded to a
 * quarter hour (real zones are whole quarters); undefined when implausible (> 14 h apart).
 * @example deriveOffset('2017-03-27T14:05:00', '2017-03-27T11:05:00Z') // 180
 */
export function deriveOffset(local: string | undefined, utc: string | undefined): number | undefined {
  if (!local || !utc || offsetOf(local) !== undefined) return undefined;
  const a = Date.parse(`${local}Z`);
  const b = Date.parse(utc);
  if (!Number.isFinite(a) || !Number.isFinite(b)) return undefined;
  const mins = Math.round((a - b) / 60000 / 15) * 15;
  return Math.abs(mins) <= 14 * 60 ? mins : undefined;
}

/** Windows FILETIME (100 ns since 1601-01-01 UTC) to ISO UTC; 0 and absurd values give undefined. */
export function fileTimeToIso(lo: number, hi: number): string | undefined {
  if (lo === 0 && hi === 0) return undefined;
  const ms = (hi * 2 ** 32 + lo) / 10000 - 11644473600000;
  if (ms < -2208988800000 || ms > 7258118400000) return undefined; // outside 1900..2200
  return isoUtc(new Date(ms));
}

/**
 * PDF date string (ISO 32000-1 §7.9.4: `D:YYYYMMDDHHmmSSOHH'mm`) to ISO; no zone → local time.
 * @example pdfDate("D:20170327140500+03'00'") // '2017-03-27T14:05:00+03:00'
 */
export function pdfDate(s: string | undefined): string | undefined {
  if (!s) return undefined;
  const m = /^(?:D:)?(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?\s*(Z|[+-])?(\d{2})?'?(\d{2})?'?/.exec(
    s.trim(),
  );
  if (!m) return undefined;
  const [, y, mo = '01', d = '01', h = '00', mi = '00', sec = '00', sign, oh, om] = m;
  const base = `${y}-${mo}-${d}T${h}:${mi}:${sec}`;
  if (sign === 'Z') return `${base}Z`;
  if (sign && oh) return normIso(`${base}${sign}${oh}:${om ?? '00'}`);
  return base;
}

/** `yyyy:mm:dd hh:mm:ss` (EXIF, TIFF 6 §DateTime) to a local ISO time. */
export function exifDate(s: string | undefined): string | undefined {
  const m = s && /^(\d{4}):(\d{2}):(\d{2})[ T](\d{2}):(\d{2}):(\d{2})/.exec(s);
  return m ? `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}` : undefined;
}

export { pad };
