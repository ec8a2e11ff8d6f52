import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Zippable, zipSync } from 'fflate';
import { zipTime } from './docs/doc-meta.js';
import type { MailSink } from './mail-corpus.js';
import { asctime, zoneOffset } from './mime-util.js';
import type { Person } from './org.js';

export type Container = 'maildir' | 'mbox' | 'zip';

/**
 * Writes delivered copies the way a leak is found: most mailboxes as Maildir (one file per
 * message, Dovecot file names), one as an mbox (LF line ends, mboxrd "From " quoting) and one as a
 * zip of .eml files. All names derive from delivery times and counters, never from the clock.
 */
export class DumpWriter implements MailSink {
  private readonly mbox = new Map<string, string[]>();
  private readonly zip = new Map<string, Zippable>();
  private counter = 0;
  readonly containers = new Map<string, Container>();

  constructor(
    private readonly dir: string,
    mailboxes: Person[],
  ) {
    mailboxes.forEach((m, i) => {
      const c: Container =
        i === mailboxes.length - 1 ? 'zip' : i === mailboxes.length - 2 ? 'mbox' : 'maildir';
      this.containers.set(m.mailboxName, c);
      if (c === 'maildir')
        for (const sub of ['cur', 'new', 'tmp'])
          mkdirSync(join(dir, 'dump', 'maildir', m.mailboxName, sub), { recursive: true });
    });
    mkdirSync(join(dir, 'dump'), { recursive: true });
  }

  deliver(m: Person, raw: string, deliveredMs: number): string {
    const n = ++this.counter;
    const c = this.containers.get(m.mailboxName) ?? 'maildir';
    if (c === 'maildir') {
      const size = Buffer.byteLength(raw);
      // Dovecot: <secs>.M<usecs>P<pid>.<host>,S=<size>,W=<size with CRLF>:2,<flags> (S = seen).
      const name = `${Math.floor(deliveredMs / 1000)}.M${(n * 7919) % 1_000_000}P${1000 + (n % 9000)}.imap,S=${size},W=${size}:2,S`;
      writeFileSync(join(this.dir, 'dump', 'maildir', m.mailboxName, 'cur', name), raw);
      return `dump/maildir/${m.mailboxName}/cur/${name}`;
    }
    if (c === 'mbox') {
      const list = this.mbox.get(m.mailboxName) ?? [];
      // mboxrd (RFC 4155 appendix): quote ">*From " at line start by one more '>'; LF line ends.
      const body = raw.replace(/\r\n/g, '\n').replace(/^(>*From )/gm, '>$1');
      list.push(`From MAILER-DAEMON ${asctime(deliveredMs)}\n${body}${body.endsWith('\n') ? '' : '\n'}\n`);
      this.mbox.set(m.mailboxName, list);
      return `dump/mbox/${m.mailboxName}.mbox#${list.length}`;
    }
    const files = this.zip.get(m.mailboxName) ?? {};
    const name = `${m.mailboxName}/Boite de reception/${String(Object.keys(files).length + 1).padStart(5, '0')}.eml`;
    files[name] = [Buffer.from(raw), { mtime: zipTime(deliveredMs, zoneOffset('paris', deliveredMs)) }];
    this.zip.set(m.mailboxName, files);
    return `dump/${m.mailboxName}.zip!/${name}`;
  }

  /** Writes the buffered mbox and zip containers. */
  finish(): void {
    for (const [name, list] of this.mbox) {
      mkdirSync(join(this.dir, 'dump', 'mbox'), { recursive: true });
      writeFileSync(join(this.dir, 'dump', 'mbox', `${name}.mbox`), list.join(''));
    }
    for (const [name, files] of this.zip) {
      writeFileSync(join(this.dir, 'dump', `${name}.zip`), zipSync(files, { level: 6 }));
    }
  }

  path(m: Person): string {
    const c = this.containers.get(m.mailboxName);
    return c === 'maildir'
      ? `dump/maildir/${m.mailboxName}`
      : c === 'mbox'
        ? `dump/mbox/${m.mailboxName}.mbox`
        : `dump/${m.mailboxName}.zip`;
  }
}
