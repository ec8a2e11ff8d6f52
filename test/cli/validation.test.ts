import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCli, spawnCli, writeSmallDump } from './run.js';

/** Invalid input is refused with one clear line and exit 2; the valid neighbour of each still works. */
describe('the CLI refuses what it cannot read', () => {
  const dir = mkdtempSync(join(tmpdir(), 'leaklens-cli-validation-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const kase = join(dir, 'case');
  before(async () => {
    writeSmallDump(join(dir, 'dump'));
    const r = await runCli('ingest', join(dir, 'dump'), '--case', kase, '--json');
    assert.equal(r.code, 0, r.err);
  });

  const refused = async (args: string[], message: RegExp) => {
    const r = await runCli(...args, '--case', kase);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.out}${r.err}`);
    assert.equal(r.out, '', 'nothing on stdout');
    assert.match(r.err, message);
    assert.equal(r.err.trim().split('\n').length, 1, `one line: ${r.err}`);
  };

  it('a field followed by a group is a parse error, not an unknown filter', async () => {
    await refused(['search', 'subject:(budget'], /cannot read the query: "subject:" is followed by "\("/);
    await refused(['search', 'subject:'], /"subject:" needs a word or a "quoted phrase"/);
    const ok = await runCli('search', 'subject:budget', '--json', '--case', kase);
    assert.equal(JSON.parse(ok.out).total, 5);
  });

  it('dates, amounts, sizes and empty values are checked', async () => {
    await refused(['search', 'after:2017-13'], /^leaklens: after:2017-13: not a date/);
    await refused(['search', 'before:2017-02-30'], /before:2017-02-30: not a date/);
    await refused(['search', 'date:05/01/2017'], /date:05\/01\/2017: not a date/);
    await refused(['search', 'amount>abc'], /amount>abc: not an amount/);
    await refused(['search', 'size>lots'], /size>lots: not a size in bytes/);
    await refused(['search', 'from:'], /"from:" needs a value \(from:jean/);
    const after = await runCli('search', 'after:2017-05-03', '--json', '--case', kase);
    assert.equal(JSON.parse(after.out).total, 3, 'messages of 3, 4 and 5 May');
    const amount = await runCli('search', 'amount>=1000', '--json', '--case', kase);
    assert.equal(amount.code, 0, amount.err);
    // A filter whose empty value means "any" still takes it.
    assert.equal((await runCli('search', 'duplicate:', '--json', '--case', kase)).code, 0);
  });

  it('mime: takes a file extension for its MIME type', async () => {
    const x = JSON.parse((await runCli('search', 'mime:xlsx', '--json', '--case', kase)).out);
    assert.deepEqual(
      x.hits.map((h: { filename: string }) => h.filename),
      ['budget.xlsx'],
    );
    assert.equal(JSON.parse((await runCli('search', 'mime:eml', '--json', '--case', kase)).out).total, 5);
    assert.equal(JSON.parse((await runCli('search', 'mime:pdf', '--json', '--case', kase)).out).total, 0);
  });

  it('--filters lists subject: and filename:', async () => {
    const r = await runCli('search', '--filters', '--json');
    const names = JSON.parse(r.out).map((f: { name: string }) => f.name);
    for (const n of ['subject', 'filename', 'from', 'mime']) assert.ok(names.includes(n), n);
  });

  it('counts and choices: --limit -5, --sort bogus, people --limit abc, errors --reason bogus', async () => {
    await refused(
      ['search', 'budget', '--limit', '-5'],
      /^leaklens: --limit -5: not a whole number of 0 or more$/m,
    );
    await refused(['search', 'budget', '--offset', 'x'], /--offset x: not a whole number/);
    await refused(
      ['search', 'budget', '--sort', 'bogus'],
      /--sort bogus: must be one of relevance, date, date-asc/,
    );
    await refused(['people', '--limit', 'abc'], /--limit abc: not a whole number of at least 1/);
    await refused(['entities', '--limit', '0'], /--limit 0: not a whole number of at least 1/);
    await refused(
      ['errors', '--reason', 'bogus'],
      /--reason bogus: no such reason \(leaklens records corrupt, /,
    );
    const known = await runCli('errors', '--reason', 'truncated', '--case', kase);
    assert.equal(known.code, 0);
    assert.equal(known.out, 'No failures with reason truncated.\n');
    const sorted = JSON.parse(
      (await runCli('search', 'subject:budget', '--sort', 'date-asc', '--json', '--case', kase)).out,
    );
    assert.deepEqual(
      sorted.hits.map((h: { subject: string }) => h.subject),
      [1, 2, 3, 4, 5].map((n) => `Message ${n} du budget`),
    );
  });

  it('the spawned CLI prints one line, no stack trace', () => {
    const r = spawnCli(['search', 'after:2017-13', '--case', kase]);
    assert.equal(r.code, 2);
    assert.equal(
      r.err,
      'leaklens: after:2017-13: not a date (write a year, month or day in ISO 8601: 2017, 2017-05 or 2017-05-03)\n',
    );
  });
});
