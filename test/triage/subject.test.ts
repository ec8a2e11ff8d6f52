import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isReplySubject, stripSubject, subjectKey } from '../../src/analyze/subject.js';

test('subject: reply and forward prefixes of several languages and clients are stripped', () => {
  const cases: [string, string][] = [
    ['Re: Budget', 'Budget'],
    ['RE : TR : Budget', 'Budget'],
    ['Fwd: Re: Budget', 'Budget'],
    ['AW: WG: Budget', 'Budget'],
    ['SV: VS: Budget', 'Budget'],
    ['Re[2]: Budget', 'Budget'],
    ['Re(3): Budget', 'Budget'],
    ['RÉP : Budget', 'Budget'],
    ['[equipe-web] Re: Budget', 'Budget'],
    ['Budget (fwd)', 'Budget'],
    ['  Re:   Budget   2017 ', 'Budget 2017'],
    ['Réunion: ordre du jour', 'Réunion: ordre du jour'],
    ['Return of the budget', 'Return of the budget'],
    ['', ''],
  ];
  for (const [input, want] of cases) assert.equal(stripSubject(input), want, input);
});

test('subject: keys fold case and accents; reply detection', () => {
  assert.equal(subjectKey('RE : Réunion LUNDI'), subjectKey('reunion lundi'));
  assert.ok(isReplySubject('TR: note'));
  assert.ok(!isReplySubject('Note de frais'));
  assert.ok(!isReplySubject(null));
});
