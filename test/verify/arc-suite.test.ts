/**
 * The ValiMail ARC validation suite: each of the 171 tests gives the expected chain validation
 * status (cv). An empty expected cv marks a chain whose last seal already says cv=fail: it fails.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { memoryKeys } from '../../src/verify/key-archive.js';
import { parseKeyFile } from '../../src/verify/key-parse.js';
import { verifyMessage } from '../../src/verify/message.js';
import { fixture } from './helpers.js';

interface Scenario {
  description: string;
  'txt-records': Record<string, string>;
  tests: Record<string, { message: string; cv: string; description: string }>;
}

const suite = JSON.parse(
  fixture('mailauth/arc/arc-draft-validation-tests.json').toString('utf8'),
) as Scenario[];

test('the suite holds 171 validation tests in 10 scenarios', () => {
  assert.equal(suite.length, 10);
  assert.equal(
    suite.reduce((n, s) => n + Object.keys(s.tests).length, 0),
    171,
  );
});

for (const scenario of suite) {
  test(`ARC suite: ${scenario.description}`, async () => {
    const keys = memoryKeys(parseKeyFile(JSON.stringify(scenario['txt-records']), 'arc-suite').keys);
    const wrong: string[] = [];
    for (const [name, t] of Object.entries(scenario.tests)) {
      const v = await verifyMessage(Buffer.from(t.message), { keys });
      const expected = (t.cv || 'fail').toLowerCase();
      if (v.arc.result !== expected)
        wrong.push(`${name}: expected ${expected}, got ${v.arc.result} (${v.arc.comment})`);
    }
    assert.deepEqual(wrong, []);
  });
}
