import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadedStages, STAGE_LIST } from '../../src/areas.js';

/**
 * The stage list names each stage and describes it without loading its module (issue #12: an
 * ingest without analysis loads none of them); the modules must be the stages the list names, with
 * the same description, or the first run of a stage throws.
 */
test('every stage module is the stage the list names, with the description the list shows', async () => {
  const loaded = await loadedStages();
  assert.deepEqual(
    loaded.map((s) => [s.name, s.description]),
    STAGE_LIST.map((s) => [s.name, s.description]),
  );
  assert.deepEqual(
    STAGE_LIST.map((s) => s.name),
    ['verify', 'ocr', 'metadata', 'triage'],
  );
});
