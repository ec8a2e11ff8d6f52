/**
 * U+0000 in decoded text: a quoted-printable `=00`, an encoded-word or a UTF-16 part carries it out
 * of a hostile or broken message (patchwork's fuzz mailboxes do). SQLite keeps it, PostgreSQL's
 * `text` refuses it ("invalid byte sequence for encoding UTF8: 0x00"), so one such value made a
 * team worker's whole transaction fail. Every record is cleaned the same way before either store
 * sees it, so a laptop case and a team case hold the same values; the original bytes stay in the
 * blob store.
 */
const NUL = '\u0000';
/** What a NUL becomes: the replacement character, visible where the value is shown. */
export const NUL_REPLACEMENT = '\ufffd';

/**
 * `value` with every NUL of every string in it (object fields and array elements, recursively)
 * replaced by U+FFFD. Objects and arrays without one are returned as they are, not copied.
 * @example withoutNul({ subject: 'a\u0000b', to: ['x'] }) // { subject: 'a\ufffdb', to: ['x'] }
 */
export function withoutNul<T>(value: T): T {
  if (typeof value === 'string') {
    return (value.includes(NUL) ? value.replaceAll(NUL, NUL_REPLACEMENT) : value) as T;
  }
  if (value === null || typeof value !== 'object') return value;
  if (ArrayBuffer.isView(value)) return value;
  if (Array.isArray(value)) {
    let out: unknown[] | null = null;
    for (let i = 0; i < value.length; i++) {
      const v = value[i];
      const c = withoutNul(v);
      if (c !== v) {
        out ??= value.slice();
        out[i] = c;
      }
    }
    return (out ?? value) as T;
  }
  const keys = Object.keys(value);
  // A metadata key can hold one too (PostgreSQL's jsonb refuses the escape `\u0000` as well):
  // rebuilt whole, keeping the keys' order.
  if (keys.some((k) => k.includes(NUL))) {
    const out: Record<string, unknown> = {};
    for (const k of keys) out[withoutNul(k)] = withoutNul((value as Record<string, unknown>)[k]);
    return out as T;
  }
  let out: Record<string, unknown> | null = null;
  for (const key of keys) {
    const v = (value as Record<string, unknown>)[key];
    const c = withoutNul(v);
    if (c !== v) {
      out ??= { ...(value as Record<string, unknown>) };
      out[key] = c;
    }
  }
  return (out ?? value) as T;
}
