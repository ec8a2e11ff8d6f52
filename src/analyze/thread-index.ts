/**
 * Outlook's Thread-Index header (MS-OXOMSG §2.2.1.3, PidTagConversationIndex): base64 of a 22-byte
 * header (1 reserved byte, 5 bytes of FILETIME, 16-byte conversation GUID) followed by one 5-byte
 * child block per reply. A message's parent therefore carries the same bytes minus the last block.
 */
const HEADER = 22;
const BLOCK = 5;

/**
 * Keys of every ancestor of the message, root first, ending with the message's own key.
 * Returns [] when the header is absent or malformed.
 * @example threadIndexAncestors(base64Of27Bytes) // ['ti:…(22 bytes)', 'ti:…(27 bytes)']
 */
export function threadIndexAncestors(value: string | null | undefined): string[] {
  if (!value) return [];
  const clean = value.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(clean)) return [];
  const bytes = Buffer.from(clean, 'base64');
  if (bytes.length < HEADER || (bytes.length - HEADER) % BLOCK !== 0) return [];
  const out: string[] = [];
  for (let n = HEADER; n <= bytes.length; n += BLOCK) out.push(`ti:${bytes.subarray(0, n).toString('hex')}`);
  return out;
}
