/**
 * Integrity checks on a message's raw MIME body that postal-mime decodes leniently (it never
 * fails on them): a multipart whose closing boundary is missing (the file was cut), base64 with
 * characters outside the alphabet, quoted-printable with broken escapes. Each finding keeps the
 * message (what could be decoded is indexed) and becomes a failure record naming the part.
 */
export interface BodyProblem {
  reason: 'truncated' | 'corrupt-encoding' | 'bad-charset';
  message: string;
}

const MAX_SCAN = 64 * 1024 * 1024;

export function checkBody(raw: Buffer): BodyProblem[] {
  const text = raw.toString('latin1', 0, Math.min(raw.length, MAX_SCAN));
  const problems: BodyProblem[] = [];
  const boundaries = [...text.matchAll(/boundary\s*=\s*(?:"([^"]+)"|([^\s;]+))/gi)].map(
    (m) => (m[1] ?? m[2])!,
  );
  for (const b of new Set(boundaries)) {
    if (!text.includes(`--${b}`)) continue; // declared but never used: nothing was cut here
    if (!text.includes(`--${b}--`)) {
      problems.push({
        reason: 'truncated',
        message: `multipart boundary "${b}" is never closed: the message is cut short (parts after the cut are missing)`,
      });
    }
  }
  // Parts: split on boundary lines; the message itself counts as one part when not multipart.
  const parts = boundaries.length
    ? text.split(new RegExp(`^--(?:${boundaries.map(esc).join('|')})(?:--)?[ \\t]*\\r?$`, 'm'))
    : [text];
  let index = 0;
  for (const part of parts) {
    index++;
    const hEnd = part.search(/\r?\n\r?\n/);
    if (hEnd < 0) continue;
    const head = part.slice(0, hEnd);
    const cte = /^content-transfer-encoding:\s*([\w-]+)/im.exec(head)?.[1]?.toLowerCase();
    if (/^content-type:\s*multipart\//im.test(head)) continue;
    const body = part.slice(hEnd).replace(/^\r?\n\r?\n/, '');
    if (cte === 'base64') {
      const bad = /[^A-Za-z0-9+/=\s]/.exec(body);
      if (bad) {
        problems.push({
          reason: 'corrupt-encoding',
          message: `part ${index}: base64 body holds a character outside the alphabet (${JSON.stringify(bad[0])} at offset ${bad.index}); decoded leniently`,
        });
      } else if (padInMiddle(body)) {
        problems.push({
          reason: 'corrupt-encoding',
          message: `part ${index}: base64 padding in the middle of the body; decoded leniently`,
        });
      }
    } else if (cte === 'quoted-printable') {
      const bad = /=(?![0-9A-Fa-f]{2}|\r?\n|[ \t]*\r?$)/m.exec(body);
      if (bad)
        problems.push({
          reason: 'corrupt-encoding',
          message: `part ${index}: quoted-printable escape "${body.slice(bad.index, bad.index + 3)}" is not =XX; kept as written`,
        });
    }
  }
  return problems;
}

/**
 * Whether an alphabet character comes after the first '=' of a base64 body that holds only the
 * alphabet, '=' and white space. (Stripping white space and trailing '=' to find out copied a
 * 100 KB attachment's body three times, issue #12; this reads it once, from the end, linearly.)
 */
function padInMiddle(body: string): boolean {
  const eq = body.indexOf('=');
  if (eq < 0) return false;
  let last = body.length - 1;
  while (last > eq && !isBase64Letter(body.charCodeAt(last))) last--;
  return last > eq;
}

/** RFC 4648 §4: A–Z, a–z, 0–9, '+', '/'. */
function isBase64Letter(c: number): boolean {
  return (
    (c >= 0x41 && c <= 0x5a) ||
    (c >= 0x61 && c <= 0x7a) ||
    (c >= 0x30 && c <= 0x39) ||
    c === 0x2b ||
    c === 0x2f
  );
}

function esc(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
