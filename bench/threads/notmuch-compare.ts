// bench/threads: leaklens' threads against notmuch's on the same messages.
// Every input (maildir, mbox, .eml, …) is ingested once; its top-level e-mails are written out
// as a maildir (one file per Message-ID); optionally a fraction of them is deleted (a partial
// leak); then leaklens and `notmuch new` both index that maildir and the two partitions of
// Message-IDs into threads are compared.
// Usage: npx tsx bench/threads/notmuch-compare.ts [--drop 0.3] [--seed 1] [--no-subject] PATH...
// Not a test (needs the Debian `notmuch` package): run it, read the figures (docs/triage.md).
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type ThreadInput, threadMessages } from '../../src/analyze/threads.js';
import { loadEmails, toThreadInput } from '../../src/analyze/triage-load.js';
import { ingestPaths } from '../../src/ingest/manager.js';
import { Store } from '../../src/store/store.js';

const args = process.argv.slice(2);
const opt = (k: string, d: string) => (args.includes(k) ? args[args.indexOf(k) + 1]! : d);
const drop = Number(opt('--drop', '0'));
const seed = Number(opt('--seed', '1'));
const subjectFallback = !args.includes('--no-subject');
const paths = args.filter((a, i) => !a.startsWith('--') && !['--drop', '--seed'].includes(args[i - 1] ?? ''));
if (!paths.length) {
  console.error('usage: notmuch-compare.ts [--drop F] [--seed N] [--no-subject] PATH...');
  process.exit(2);
}

const work = mkdtempSync(join(tmpdir(), 'leaklens-nm-'));
const rand = (() => {
  let s = seed | 0;
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
})();

/** Top-level e-mails of a case (not messages attached to messages), with their bytes' path. */
function topEmails(store: Store): { id: string; msgid: string; blob: string }[] {
  const rows = store.db
    .prepare(
      `SELECT e.id, lower(e.message_id) AS msgid, i.sha256 FROM emails e JOIN items i ON i.id = e.id
       LEFT JOIN items p ON p.id = i.parent_id WHERE e.message_id IS NOT NULL AND (p.kind IS NULL OR p.kind <> 'Email')
       ORDER BY e.id`,
    )
    .all() as { id: string; msgid: string; sha256: string }[];
  return rows.map((r) => ({
    ...r,
    blob: join(store.dir, 'blobs', r.sha256.slice(0, 2), r.sha256.slice(2, 4), r.sha256),
  }));
}

function newMaildir(name: string): string {
  const dir = join(work, name);
  for (const d of ['cur', 'new', 'tmp']) mkdirSync(join(dir, d), { recursive: true });
  return dir;
}

/** The whole corpus as a maildir, and (with --drop) the same minus random messages. */
async function toMaildirs(): Promise<{ full: string; part: string }> {
  const store = Store.open(join(work, 'case-in'));
  await ingestPaths(
    store,
    paths.map((p) => resolve(p)),
    { silent: true, workers: 1 },
  );
  const full = newMaildir('mail-full');
  const part = drop ? newMaildir('mail-part') : full;
  const seen = new Set<string>();
  let n = 0;
  for (const e of topEmails(store)) {
    if (seen.has(e.msgid)) continue; // notmuch keeps one message per Message-ID
    seen.add(e.msgid);
    const name = `${String(n++).padStart(6, '0')}:2,`;
    const bytes = readFileSync(e.blob);
    writeFileSync(join(full, 'cur', name), bytes);
    if (drop && rand() >= drop) writeFileSync(join(part, 'cur', name), bytes);
  }
  store.close();
  return { full, part };
}

/** Partition of Message-IDs by leaklens (threadMessages over what ingest stored). */
async function leaklensThreads(dir: string): Promise<Map<string, string>> {
  const store = Store.open(join(work, `case-${dir.split('/').pop()}`));
  await ingestPaths(store, [dir], { silent: true, workers: 1 });
  const top = new Set(topEmails(store).map((e) => e.id));
  const inputs: ThreadInput[] = loadEmails(store)
    .filter((e) => top.has(e.id))
    .map(toThreadInput);
  const ids = new Map(inputs.map((i) => [i.itemId, (i.messageId ?? '').toLowerCase()]));
  const out = new Map<string, string>();
  for (const r of threadMessages(inputs, { subjectFallback })) out.set(ids.get(r.itemId)!, r.threadId);
  store.close();
  return out;
}

function notmuchThreads(dir: string): Map<string, string> {
  const cfg = join(work, `notmuch-config-${dir.split('/').pop()}`);
  writeFileSync(cfg, `[database]\npath=${dir}\n[new]\ntags=\n[maildir]\nsynchronize_flags=false\n`);
  const env = { ...process.env, NOTMUCH_CONFIG: cfg };
  execFileSync('notmuch', ['new', '--quiet'], { env });
  const out = new Map<string, string>();
  const lines = execFileSync('notmuch', ['search', '--output=threads', '*'], { env, encoding: 'utf8' });
  for (const th of lines.split('\n').filter(Boolean)) {
    const msgs = execFileSync('notmuch', ['search', '--output=messages', th], { env, encoding: 'utf8' });
    for (const m of msgs.split('\n').filter(Boolean)) out.set(m.replace(/^id:/, '').toLowerCase(), th);
  }
  return out;
}

/** Blocks of a partition as sorted strings, to compare two partitions block by block. */
function blocks(p: Map<string, string>, keep: Set<string>): Set<string> {
  const by = new Map<string, string[]>();
  for (const [m, t] of p) if (keep.has(m)) by.set(t, [...(by.get(t) ?? []), m]);
  return new Set([...by.values()].map((b) => b.sort().join(' ')));
}

/** Threads of the full corpus that still have a message in the part, and how many got split. */
function stability(fullP: Map<string, string>, partP: Map<string, string>) {
  const kept = new Set(partP.keys());
  const before = blocks(fullP, kept);
  const after = blocks(partP, kept);
  const split = [...before].filter((blk) => new Set(blk.split(' ').map((m) => partP.get(m))).size > 1);
  const merged = [...after].filter((blk) => new Set(blk.split(' ').map((m) => fullP.get(m))).size > 1);
  return {
    threadsBefore: before.size,
    threadsAfter: after.size,
    split: split.map((x) => x.slice(0, 300)),
    merged: merged.map((x) => x.slice(0, 300)),
  };
}

const { full, part } = await toMaildirs();
const ll = await leaklensThreads(part);
const nm = notmuchThreads(part);
const common = new Set([...ll.keys()].filter((m) => nm.has(m)));
const a = blocks(ll, common);
const b = blocks(nm, common);
const same = [...a].filter((x) => b.has(x));
const msgsInSame = same.reduce((s, x) => s + x.split(' ').length, 0);
const partial = drop
  ? {
      leaklens: stability(await leaklensThreads(full), ll),
      notmuch: stability(notmuchThreads(full), nm),
    }
  : undefined;
const result = {
  inputs: paths,
  drop,
  seed,
  subjectFallback,
  messages: common.size,
  onlyLeaklens: ll.size - common.size,
  onlyNotmuch: nm.size - common.size,
  threadsLeaklens: a.size,
  threadsNotmuch: b.size,
  identicalThreads: same.length,
  messagesInIdenticalThreads: msgsInSame,
  agreement: common.size ? Number((msgsInSame / common.size).toFixed(4)) : 1,
  // With --drop: the full corpus' threads restricted to the surviving messages, before and after.
  partial,
  onlyInLeaklens: [...a].filter((x) => !b.has(x)).slice(0, 10),
  onlyInNotmuch: [...b].filter((x) => !a.has(x)).slice(0, 10),
};
console.log(JSON.stringify(result, null, 2));
if (process.env.KEEP) console.error(`kept ${work}`);
else rmSync(work, { recursive: true, force: true });
