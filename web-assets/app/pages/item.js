// One item: headers (parsed and raw), authenticity, the sanitised body in a sandboxed frame,
// attachments, document metadata and text, thread, duplicates, locations, tags and notes.
import { get } from '../api.js';
import { bytes, date, empty, fmt, h, mount, section, table } from '../dom.js';
import { annotationsCard } from './annotations.js';
import { verdictText } from './verdicts.js';

export async function itemPage(id) {
  const it = await get(`/api/items/${encodeURIComponent(id)}`);
  const e = it.email;
  const title = e ? e.subject || '(no subject)' : it.document?.filename || it.name || it.id;
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
          e ? bodyCard(it) : null,
          it.document ? documentCard(it) : null,
          attachmentsCard(it),
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

function bodyCard(it) {
  const frame = h('iframe', {
    class: 'body-frame',
    // No allow-scripts, no allow-forms, no allow-top-navigation, no allow-popups: inert.
    sandbox: 'allow-same-origin',
    referrerpolicy: 'no-referrer',
    src: `/api/items/${encodeURIComponent(it.id)}/body${it.email.hasHtml ? '' : '?part=text'}`,
    title: 'message body (sanitised, sandboxed)',
  });
  const toggle = it.email.hasHtml
    ? h(
        'div',
        { class: 'tabs' },
        ['html', 'text'].map((p) =>
          h(
            'button',
            {
              class: p === 'html' ? 'tab on' : 'tab',
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
    toggle,
    frame,
    h(
      'p',
      { class: 'muted small' },
      'Shown sanitised in a sandbox: no script runs and nothing is loaded from outside, so the sender cannot learn it was read.',
    ),
  );
}

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
        h('a', { href: `/item/${encodeURIComponent(a.id)}` }, a.name || a.id),
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

function threadCard(it) {
  const nodes = it.threadNodes ?? [];
  if (nodes.length < 2)
    return listCard('Thread', it.thread, 'No other message of this conversation is in the case.');
  // The tree from triage: a message cited by the others but absent from the dump is shown once,
  // as "not in the dump", with its replies under it.
  return section(
    'Thread',
    h(
      'ul',
      { class: 'plain thread-tree' },
      nodes.map((n) => {
        const li = h(
          'li',
          {},
          n.missing
            ? h('span', { class: 'muted small' }, `[<${n.messageId}> not in the dump]`)
            : n.id === it.id
              ? h('strong', {}, n.subject || '(no subject)')
              : h('a', { href: `/item/${encodeURIComponent(n.id)}` }, n.subject || n.id),
          n.missing ? null : h('span', { class: 'muted small' }, ` ${n.from ?? ''} ${date(n.date)}`),
        );
        // Set through the CSSOM: the workbench's CSP refuses inline style attributes.
        li.style.paddingLeft = `${n.depth * 1.2}em`;
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
