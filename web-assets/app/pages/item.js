// One item: headers (parsed and raw), authenticity, the sanitised body in a sandboxed frame,
// attachments, document metadata and text, thread, duplicates, locations, tags and notes.

import { get } from '../api.js';
import { badges } from '../badges.js';
import { bytes, date, empty, fmt, h, mount, section, table } from '../dom.js';
import { annotationsCard } from './annotations.js';
import { ocrCard } from './item-ocr.js';
import { itemTrailCard } from './trail.js';
import { verdictText } from './verdicts.js';

export async function itemPage(id) {
  const it = await get(`/api/items/${encodeURIComponent(id)}`);
  const e = it.email;
  const title = e ? e.subject || '(no subject)' : it.document?.filename || it.name || it.id;
  // The posts that showed or quoted this item (trail.js), filled in when /api/items/:id/trail answers.
  const trail = h('div', { class: 'trail-slot' });
  itemTrailCard(it.id).then((c) => trail.replaceWith(c));
  mount(
    h(
      'div',
      { class: 'page item' },
      h(
        'p',
        { class: 'crumbs' },
        h(
          'a',
          {
            href: '/search',
            onclick: (ev) => {
              ev.preventDefault();
              history.back();
            },
          },
          '← back',
        ),
        it.parent
          ? [
              ' · in ',
              h(
                'a',
                { href: `/item/${encodeURIComponent(it.parent.id)}` },
                it.parent.subject || it.parent.name || it.parent.id,
              ),
            ]
          : null,
      ),
      h('h1', {}, title),
      h(
        'div',
        { class: 'item-actions' },
        it.verdict
          ? h(
              'span',
              { class: `verdict v-${it.verdict.verdict}`, title: verdictText(it.verdict.verdict) },
              it.verdict.verdict,
            )
          : null,
        h('span', { class: 'kind' }, it.kind),
        it.mime ? h('span', { class: 'muted' }, it.mime) : null,
        it.size ? h('span', { class: 'muted' }, bytes(it.size)) : null,
        it.sha256
          ? h('a', { class: 'button', href: `/api/blobs/${it.sha256}`, download: '' }, 'Download original')
          : null,
      ),
      h(
        'div',
        { class: 'item-grid' },
        h(
          'div',
          { class: 'item-main' },
          e ? headersCard(e) : null,
          e ? changeCard(it) : null,
          e ? bodyCard(it) : null,
          it.document ? documentCard(it) : null,
          ocrCard(it),
          attachmentsCard(it),
          trail,
        ),
        h(
          'div',
          { class: 'item-side' },
          e ? authenticityCard(it) : null,
          flagsCard(it),
          annotationsCard(it.id),
          e ? threadCard(it) : null,
          it.duplicates ? listCard('Duplicates', it.duplicates, 'No near-duplicates.') : null,
          provenanceCard(it),
        ),
      ),
    ),
  );
}

const addr = (a) => (a ? (a.name ? `${a.name} <${a.address}>` : a.address) : '');
const personLink = (a) =>
  a?.address ? h('a', { href: `/people/${encodeURIComponent(a.address)}` }, addr(a)) : addr(a);
const addrList = (list) => list.flatMap((a, i) => [i ? ', ' : '', personLink(a)]);

function headersCard(e) {
  const rows = [
    ['From', personLink(e.from)],
    ['To', addrList(e.to)],
    e.cc.length ? ['Cc', addrList(e.cc)] : null,
    e.bcc.length ? ['Bcc', addrList(e.bcc)] : null,
    e.replyTo.length ? ['Reply-To', addrList(e.replyTo)] : null,
    [
      'Date',
      [
        date(e.date),
        e.dateRaw && e.dateRaw !== e.date ? h('span', { class: 'muted' }, ` (as written: ${e.dateRaw})`) : '',
      ],
    ],
    ['Message-ID', e.messageId ?? h('span', { class: 'muted' }, 'none')],
    e.inReplyTo ? ['In-Reply-To', e.inReplyTo] : null,
  ].filter(Boolean);
  const raw = h('pre', { class: 'raw-headers' }, e.headers.map((x) => `${x.name}: ${x.value}`).join('\n'));
  return section(
    'Headers',
    h(
      'dl',
      { class: 'kv' },
      rows.map(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]),
    ),
    h('details', {}, h('summary', {}, `Raw headers, in order (${e.headers.length})`), raw),
  );
}

/** When the two parts disagree, the plain part is shown first: the HTML part hides the change. */
const textFirst = (it) => it.flags.some((f) => f.kind === 'text-html-mismatch');

function bodyCard(it) {
  const first = !it.email.hasHtml || textFirst(it) ? 'text' : 'html';
  const frame = h('iframe', {
    class: 'body-frame',
    // No allow-scripts, no allow-forms, no allow-top-navigation, no allow-popups: inert.
    sandbox: 'allow-same-origin',
    referrerpolicy: 'no-referrer',
    src: `/api/items/${encodeURIComponent(it.id)}/body${first === 'text' ? '?part=text' : ''}`,
    title: 'message body (sanitised, sandboxed)',
  });
  const toggle = it.email.hasHtml
    ? h(
        'div',
        { class: 'tabs' },
        (first === 'text' ? ['text', 'html'] : ['html', 'text']).map((p) =>
          h(
            'button',
            {
              class: p === first ? 'tab on' : 'tab',
              onclick: (ev) => {
                frame.src = `/api/items/${encodeURIComponent(it.id)}/body${p === 'text' ? '?part=text' : ''}`;
                for (const b of ev.target.parentNode.children) b.classList.toggle('on', b === ev.target);
              },
            },
            p === 'html' ? 'HTML (sanitised)' : 'Plain text',
          ),
        ),
      )
    : null;
  return section(
    'Body',
    textFirst(it)
      ? h(
          'p',
          { class: 'warn small' },
          'The plain-text and HTML parts of this message disagree: the plain-text part is shown first (mail clients show the HTML part).',
        )
      : null,
    toggle,
    frame,
    h(
      'p',
      { class: 'muted small' },
      'Shown sanitised in a sandbox: no script runs and nothing is loaded from outside, so the sender cannot learn it was read.',
    ),
  );
}

// What changed: the signed headers that differ, and a word diff against the verified copy or the
// other part. Built from text nodes only (dom.js), so the message's text never becomes markup.
function changeCard(it) {
  const c = it.change;
  if (!c) return null;
  const headers = c.headerChanges.length
    ? table(
        ['signed header', 'as signed', 'in this message', 'how we know'],
        c.headerChanges.map((x) => [
          x.header,
          x.signedCopyValue === null && x.expectedValue
            ? h('span', {}, 'probably ', h('del', {}, x.expectedValue))
            : h('del', {}, x.signedCopyValue ?? '(absent)'),
          x.ops.length
            ? h(
                'span',
                {},
                x.ops
                  .filter((o) => o.op !== 'del')
                  .map((o) => (o.op === 'ins' ? h('ins', {}, o.text) : o.text)),
              )
            : h('ins', {}, x.thisValue ?? '(absent)'),
          h('span', { class: 'small muted' }, x.how),
        ]),
      )
    : null;
  const changed = c.ops.some((o) => o.op !== 'same');
  const diff = c.against
    ? [
        h(
          'p',
          { class: 'small' },
          `${cap(c.currentLabel)} compared with ${c.referenceLabel}`,
          c.copyId ? [' (', h('a', { href: `/item/${encodeURIComponent(c.copyId)}` }, 'open it'), ')'] : '',
          ': ',
          h('ins', {}, 'inserted'),
          ' is only in ',
          c.currentLabel,
          ', ',
          h('del', {}, 'struck'),
          ' only in ',
          c.referenceLabel,
          '.',
        ),
        changed
          ? h(
              'div',
              { class: 'diff' },
              c.ops.map((o) => (o.op === 'same' ? o.text : h(o.op === 'ins' ? 'ins' : 'del', {}, o.text))),
            )
          : empty('The words of the two texts are the same.'),
      ]
    : it.verdict?.verdict === 'body-altered'
      ? empty('No verified copy of this message and no second part to compare it with.')
      : null;
  return section('What changed', headers, diff);
}

const cap = (s) => (s ? s[0].toUpperCase() + s.slice(1) : '');

function documentCard(it) {
  const d = it.document;
  const meta = Object.entries(d.metadata ?? {}).filter(
    ([, v]) => v !== null && v !== '' && !(Array.isArray(v) && !v.length),
  );
  return [
    section(
      'Document metadata',
      meta.length
        ? h(
            'dl',
            { class: 'kv' },
            meta.map(([k, v]) => [
              h('dt', {}, k),
              h('dd', {}, typeof v === 'object' ? JSON.stringify(v) : String(v)),
            ]),
          )
        : empty('No metadata was found in this file.'),
      d.language ? h('p', {}, 'Language: ', h('strong', {}, d.language)) : null,
      d.warnings.length
        ? h(
            'ul',
            { class: 'warnings' },
            d.warnings.map((w) => h('li', {}, w)),
          )
        : null,
    ),
    section(
      'Text',
      d.textLength ? h('pre', { class: 'doc-text' }, d.textPreview) : empty('No text could be extracted.'),
      d.textLength > d.textPreview.length
        ? h(
            'p',
            { class: 'muted' },
            `First ${fmt(d.textPreview.length)} of ${fmt(d.textLength)} characters; download the original for the rest.`,
          )
        : null,
    ),
  ];
}

function attachmentsCard(it) {
  if (!it.attachments.length) return null;
  return section(
    `Attachments and contents (${it.attachments.length})`,
    table(
      ['name', 'type', 'size', 'about', ''],
      it.attachments.map((a) => [
        h(
          'span',
          {},
          h('a', { href: `/item/${encodeURIComponent(a.id)}` }, a.name || a.id),
          h('div', { class: 'att-badges' }, badges(a, 3)),
        ),
        h('span', { class: 'small' }, a.mime ?? ''),
        h('span', { class: 'nowrap' }, bytes(a.size)),
        h(
          'div',
          { class: 'small' },
          [
            a.author ? `author ${a.author}` : '',
            a.lastModifiedBy ? `edited by ${a.lastModifiedBy}` : '',
            a.language ? `language ${a.language}` : '',
          ]
            .filter(Boolean)
            .join(' · '),
          a.preview ? h('div', { class: 'muted' }, a.preview) : null,
        ),
        a.sha256 ? h('a', { href: `/api/blobs/${a.sha256}`, download: '' }, 'download') : '',
      ]),
    ),
  );
}

function authenticityCard(it) {
  const v = it.verdict;
  if (!v) return section('Authenticity', empty('Not verified yet (leaklens verify).'));
  const sigs = v.signatures ?? [];
  return section(
    'Authenticity',
    h('p', {}, h('span', { class: `verdict big v-${v.verdict}` }, v.verdict)),
    h('p', {}, verdictText(v.verdict)),
    v.reason ? h('p', { class: 'muted' }, v.reason) : null,
    v.asOf
      ? h('p', { class: 'muted small' }, `Checked as of ${date(v.asOf)} (the message's own time).`)
      : null,
    sigs.map((s, i) =>
      h(
        'details',
        { class: 'sig', open: i === 0 },
        h(
          'summary',
          {},
          `Signature ${i + 1}: d=${s.domain ?? '?'} s=${s.selector ?? '?'} — ${s.verdict ?? ''}`,
        ),
        h(
          'dl',
          { class: 'kv small' },
          sigRows(s).map(([k, val]) => [h('dt', {}, k), h('dd', {}, val)]),
        ),
      ),
    ),
    v.arc
      ? h(
          'p',
          { class: 'small' },
          `ARC: ${v.arc.result}${v.arc.instances ? ` (${v.arc.instances} sets)` : ''}${v.arc.comment ? ` — ${v.arc.comment}` : ''}`,
        )
      : null,
  );
}

function sigRows(s) {
  const ks = s.keySource;
  return [
    ['algorithm', s.algorithm],
    ['canonicalisation', s.canonicalization],
    ['signed headers', (s.signedHeaders ?? []).join(', ')],
    ['signed at', s.signedAt ? date(s.signedAt) : '—'],
    ['key', s.keyBits ? `${s.keyType ?? ''} ${s.keyBits} bits` : (s.keyError ?? 'not found')],
    [
      'key source',
      ks ? `${ks.kind}: ${ks.source}${ks.window && ks.window !== 'unknown' ? ` (${ks.window})` : ''}` : '—',
    ],
    ['headers', s.headerResult],
    ['body hash', s.bodyResult],
    ['aligned with From', s.aligned === undefined ? '—' : s.aligned ? 'yes' : 'no'],
    s.bodyLength !== null && s.bodyLength !== undefined
      ? ['l= limit', `${s.bodyLength} bytes; ${s.bytesPastLimit ?? 0} bytes past it`]
      : null,
    s.bodyDiagnosis
      ? [
          'body diagnosis',
          `${s.bodyDiagnosis.diagnosis}${s.bodyDiagnosis.transformation ? ` (${s.bodyDiagnosis.transformation})` : ''}`,
        ]
      : null,
    s.comment ? ['note', s.comment] : null,
  ].filter((r) => r && r[1] !== undefined && r[1] !== null);
}

function flagsCard(it) {
  if (!it.flags.length) return null;
  return section(
    `Flags (${it.flags.length})`,
    h(
      'ul',
      { class: 'flags' },
      it.flags.map((f) =>
        h(
          'li',
          { class: `sev-${f.severity}` },
          h('strong', {}, f.kind),
          ' — ',
          f.message,
          h(
            'details',
            { class: 'small' },
            h('summary', {}, 'evidence'),
            h('pre', {}, JSON.stringify(f.evidence, null, 2)),
          ),
        ),
      ),
    ),
  );
}

/**
 * The conversation as a tree (replies under what they answer, by the triage area's threading),
 * this message among them, each with its verdict and flags. Without parent links (no triage yet)
 * the messages are listed by date.
 */
function threadCard(it) {
  const nodes = it.threadNodes ?? [];
  if (nodes.length < 2)
    return listCard('Thread', it.thread, 'No other message of this conversation is in the case.');
  // The tree from triage: a message cited by the others but absent from the dump is shown once,
  // as "not in the dump", with its replies under it; every message with its verdict and flags.
  return section(
    'Thread',
    h(
      'ul',
      { class: 'plain thread-tree' },
      nodes.map((n) => {
        const self = !n.missing && n.id === it.id;
        const li = h(
          'li',
          { class: self ? 'self' : '', dataset: { depth: String(n.depth) } },
          n.missing
            ? h('span', { class: 'muted small' }, `[<${n.messageId}> not in the dump]`)
            : self
              ? h(
                  'strong',
                  {},
                  n.subject || '(no subject)',
                  h('span', { class: 'muted small' }, ' (this message)'),
                )
              : h('a', { href: `/item/${encodeURIComponent(n.id)}` }, n.subject || n.id),
          n.missing ? null : h('span', { class: 'muted small' }, ` ${n.from ?? ''} ${date(n.date)}`),
          n.missing ? null : badges(n, 3),
        );
        // Set through the CSSOM: the workbench's CSP refuses inline style attributes.
        li.style.paddingLeft = `${Math.min(8, n.depth) * 1.2}em`;
        return li;
      }),
    ),
  );
}

function listCard(title, list, none) {
  return section(
    title,
    list.length
      ? h(
          'ul',
          { class: 'plain' },
          list.map((b) =>
            h(
              'li',
              {},
              h('a', { href: `/item/${encodeURIComponent(b.id)}` }, b.subject || b.name || b.id),
              h('span', { class: 'muted small' }, ` ${b.from ?? ''} ${date(b.date)}`),
            ),
          ),
        )
      : empty(none),
  );
}

function provenanceCard(it) {
  return section(
    'Provenance',
    h('p', { class: 'small' }, 'First seen at ', h('code', {}, it.provenance)),
    it.locations.length > 1
      ? h('p', { class: 'small' }, `Also found at ${it.locations.length - 1} other location(s):`)
      : null,
    it.locations.length > 1
      ? h(
          'ul',
          { class: 'plain small' },
          it.locations
            .filter((l) => l.provenance !== it.provenance)
            .map((l) => h('li', {}, h('code', {}, l.provenance))),
        )
      : null,
    it.sha256 ? h('p', { class: 'small muted' }, `sha256 ${it.sha256}`) : null,
  );
}
