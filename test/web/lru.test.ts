import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Lru } from '../../src/web/lru.js';

describe('Lru', () => {
  it('evicts the least recently used entry beyond its size', () => {
    const c = new Lru<number>(2);
    c.set('a', 1);
    c.set('b', 2);
    assert.equal(c.get('a'), 1); // a is now the most recent
    c.set('c', 3);
    assert.equal(c.get('b'), undefined);
    assert.equal(c.get('a'), 1);
    assert.equal(c.get('c'), 3);
  });

  it('forgets entries older than its time-to-live', () => {
    let now = 0;
    const c = new Lru<string>(10, 1000, () => now);
    c.set('k', 'v');
    now = 1000;
    assert.equal(c.get('k'), 'v');
    now = 2001;
    assert.equal(c.get('k'), undefined);
  });
});
