import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { zoneFile } from './dkim-sign.js';
import { plantScans } from './docs/scans-plant.js';
import { DumpWriter } from './dump-writer.js';
import { MailContext, writeThread } from './mail-corpus.js';
import { plantNames } from './names-truth.js';
import { buildOrg, KEY_ROTATION, ORG_DOMAIN, ORG_NAME, ORG_SELECTORS } from './org.js';
import { PLANTED, plantAll } from './planted.js';
import { writePosts } from './posts.js';
import { Rng } from './prng.js';
import { writeTrail } from './trail.js';
import { MailRecorder } from './trail-mail.js';
import { GENERATOR, type Truth } from './truth.js';

export type DemoSize = 'small' | 'full';

/** E-mail files in the dump per size; full matches the 21,075 e-mails of the 2017 case. */
export const EMAIL_TARGET: Record<DemoSize, number> = { small: 400, full: 21_075 };

export interface GenerateOptions {
  size: DemoSize;
  seed: number;
  /** Called with (done, total) as e-mails and posts are written. */
  progress?: (phase: 'mail' | 'posts', done: number, total: number) => void;
  /** Skip the social half (tests of the mail half only). */
  noPosts?: boolean;
}

/**
 * Generates a demo case into `outDir`: dump/ (maildirs, an mbox, a zip), keys/dkim-keys.zone,
 * social/ (posts), truth.json. The same seed and size always give byte-identical files.
 * @example const truth = await generateDemo('./leaklens-demo', { size: 'small', seed: 2017 });
 */
export async function generateDemo(outDir: string, o: GenerateOptions): Promise<Truth> {
  const dir = resolve(outDir);
  prepare(dir);
  const rng = new Rng(o.seed);
  const org = buildOrg(rng.fork('org'), o.size);
  const dump = new DumpWriter(dir, org.mailboxes);
  const target = EMAIL_TARGET[o.size];
  let done = 0;
  const tick = () => o.progress?.('mail', ++done, target);
  const pctx = new MailContext(rng.fork('planted'), org, dump, tick);
  // The trail (posts quoting and showing the dump) needs the text and files the mail carries.
  const recorder = o.noPosts ? null : new MailRecorder();
  if (recorder) pctx.onSent = recorder.hook(true);
  const planted = await plantAll(pctx, o.size);
  const names = await plantNames(pctx, o.size);
  const ctx = new MailContext(rng.fork('mail'), org, dump, tick);
  ctx.copies = pctx.copies;
  ctx.attachments = pctx.attachments;
  if (recorder) ctx.onSent = recorder.hook(false);
  for (const [k, v] of pctx.byMessageId) ctx.byMessageId.set(k, v);
  while (ctx.copies < target) await writeThread(ctx, target);
  dump.finish();
  const ocr = await plantScans(dir);
  mkdirSync(join(dir, 'keys'), { recursive: true });
  writeFileSync(join(dir, 'keys', 'dkim-keys.zone'), zoneFile());
  const all = new Map([...ctx.byMessageId]);
  const exact = [...all]
    .filter(([, locs]) => locs.length > 1)
    .map(([messageId, locations]) => ({ messageId, locations }));
  const social = o.noPosts
    ? null
    : await writePosts(join(dir, 'social'), rng.fork('social'), o.size, (d, t) =>
        o.progress?.('posts', d, t),
      );
  const truth: Truth = {
    generator: GENERATOR,
    seed: o.seed,
    size: o.size,
    org: {
      domain: ORG_DOMAIN,
      name: ORG_NAME,
      selectors: [ORG_SELECTORS.before, ORG_SELECTORS.after],
      keyRotation: new Date(KEY_ROTATION).toISOString(),
    },
    dump: {
      emails: ctx.copies,
      messages: all.size,
      attachments: ctx.attachments,
      mailboxes: org.mailboxes.map((m) => ({
        name: m.name,
        address: m.address,
        container: dump.containers.get(m.mailboxName) ?? 'maildir',
        path: dump.path(m),
      })),
    },
    keys: 'keys/dkim-keys.zone',
    emails: planted.emails,
    documents: planted.docs,
    duplicates: { exact, near: planted.near.map((messageIds) => ({ messageIds })) },
    social,
    ocr,
    names,
    trail:
      social && recorder
        ? writeTrail(dir, {
            recorder,
            emails: planted.emails,
            documents: planted.docs,
          })
        : null,
  };
  writeFileSync(join(dir, 'truth.json'), `${JSON.stringify(truth, null, 2)}\n`);
  return truth;
}

/** The output directory holds something other than an earlier demo: a user error, not a bug. */
export class DemoDirError extends Error {}

/** Refuses to write over a directory that is not an earlier demo; clears an earlier demo's files. */
function prepare(dir: string): void {
  // The marker is written first, so an interrupted run can be re-run into the same directory.
  const marker = join(dir, MARKER);
  if (existsSync(dir) && readdirSync(dir).length > 0) {
    if (!existsSync(join(dir, 'truth.json')) && !existsSync(marker))
      throw new DemoDirError(
        `${dir} exists and is not a leaklens demo (no truth.json): choose another --out`,
      );
    for (const sub of ['dump', 'keys', 'social', 'case', 'truth.json'])
      rmSync(join(dir, sub), { recursive: true, force: true });
  }
  mkdirSync(dir, { recursive: true });
  writeFileSync(marker, `${GENERATOR}\n`);
}

/** Marks a directory as written by the demo generator. */
const MARKER = '.leaklens-demo';

export { PLANTED };
