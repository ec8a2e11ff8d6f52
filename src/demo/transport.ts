import { keyFor, signMessage } from './dkim-sign.js';
import type { Composed } from './email-writer.js';
import { serialize } from './email-writer.js';
import { rfc5322Date, zoneOffset } from './mime-util.js';
import { ORG_DOMAIN, type Person } from './org.js';
import type { Rng } from './prng.js';

/**
 * What servers do to a composed message on its way to the leaked mailboxes: the sender's
 * submission server stamps a Received line and signs (RFC 6376), the organisation's MX and its
 * mailbox store add two more (RFC 5321 §4.4: each hop prepends, so the newest is on top).
 */
export interface TransportOptions {
  /** Sign with the sender domain's key when it has one (false: a fabricated, unsigned message). */
  sign: boolean;
  /** Sign only the first body bytes (l=) so content can be appended later. */
  limitBody?: boolean;
  /** Make the bottom hop later than the top ones (a forger's inconsistent chain). */
  outOfOrder?: boolean;
}

export interface Delivered {
  raw: string;
  signed: boolean;
  /** Seconds at which the top hop stamped it (maildir file name, mbox From line). */
  deliveredMs: number;
  selector: string | null;
}

const zoneLabel = (off: number) =>
  off === 120 ? ' (CEST)' : off === 60 ? ' (CET)' : off === -240 ? ' (EDT)' : off === -300 ? ' (EST)' : '';
const stamp = (ms: number, zone: Person['zone']) => {
  const off = zoneOffset(zone, ms);
  return rfc5322Date(ms, off, zoneLabel(off).trim());
};
const queueId = (rng: Rng) => rng.hex(10, true);

function submissionHop(rng: Rng, from: Person, ms: number): string {
  const date = stamp(ms, from.zone);
  if (from.client === 'gmail')
    return `by 10.${rng.int(16, 200)}.${rng.int(0, 255)}.${rng.int(1, 254)} with HTTP; ${date}`;
  if (from.domain !== ORG_DOMAIN && from.client === 'outlook') {
    const host = `EXCH0${rng.int(1, 4)}.${from.domain}`;
    return `from ${host} (10.${rng.int(1, 20)}.${rng.int(0, 255)}.${rng.int(1, 254)}) by smtp.${from.domain}\r\n (10.${rng.int(1, 20)}.${rng.int(0, 255)}.${rng.int(1, 254)}) with Microsoft SMTP Server (TLS) id 15.1.845.34; ${date}`;
  }
  const ip = `10.${rng.int(1, 40)}.${rng.int(0, 255)}.${rng.int(1, 254)}`;
  return `from [${ip}] (unknown [${ip}])\r\n\tby smtp.${from.domain} (Postfix) with ESMTPSA id ${queueId(rng)};\r\n\t${date}`;
}

function relayHop(rng: Rng, from: Person, ms: number): string {
  const outHost =
    from.client === 'gmail' ? `mail-wm0-f${rng.int(40, 70)}.${from.domain}` : `smtp.${from.domain}`;
  const ip = from.domain === ORG_DOMAIN ? `192.0.2.${rng.int(20, 30)}` : `198.51.100.${rng.int(1, 254)}`;
  return `from ${outHost} (${outHost} [${ip}])\r\n\tby mx1.${ORG_DOMAIN} (Postfix) with ESMTPS id ${queueId(rng)};\r\n\t${stamp(ms, 'paris')}`;
}

function storeHop(rng: Rng, ms: number): string {
  return `from mx1.${ORG_DOMAIN} ([192.0.2.10])\r\n\tby imap.${ORG_DOMAIN} with LMTP\r\n\tid ${rng.chars(22, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789')}\r\n\t(envelope-from <${''}>); ${stamp(ms, 'paris')}`;
}

/**
 * Carries a composed message to the organisation's mailbox store.
 * @example const d = await transport(rng, composed, sender, sentMs, { sign: true }); d.raw.startsWith('Return-Path:')
 */
export async function transport(
  rng: Rng,
  c: Composed,
  from: Person,
  sentMs: number,
  o: TransportOptions,
): Promise<Delivered> {
  const t1 = sentMs + rng.int(1, 3) * 1000;
  const t2 = t1 + rng.int(1, 20) * 1000;
  const t3 = t2 + rng.int(0, 2) * 1000;
  const hop1 = submissionHop(rng, from, o.outOfOrder ? t3 + rng.int(2, 9) * 3_600_000 : t1);
  const message = serialize(c.headers, c.body);
  const key = o.sign ? keyFor(from.domain, t1) : null;
  let dkim = '';
  if (key)
    dkim = await signMessage(message, {
      key,
      signMs: t1,
      ...(o.limitBody ? { bodyLength: Buffer.byteLength(c.body) } : {}),
    });
  const store = storeHop(rng, t3).replace('<>', `<${from.address}>`);
  const top = [
    `Return-Path: <${from.address}>`,
    `Received: ${store}`,
    `Received: ${relayHop(rng, from, t2)}`,
  ];
  const raw = `${top.join('\r\n')}\r\n${dkim}Received: ${hop1}\r\n${message}`;
  return { raw, signed: key !== null, deliveredMs: t3, selector: key?.selector ?? null };
}
