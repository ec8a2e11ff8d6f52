// Failures: every file that could not be processed, why, and its original to download.
import { get } from '../api.js';
import { empty, fmt, h, mount, table } from '../dom.js';

export async function failuresPage(params) {
  const reason = params.get('reason') ?? '';
  const res = await get(`/api/failures?${new URLSearchParams(reason ? { reason } : {})}`);
  mount(
    h(
      'div',
      { class: 'page failures' },
      h('h1', {}, 'Failures'),
      h(
        'p',
        { class: 'muted' },
        'Nothing is dropped silently: every file that could not be read is listed here with the reason, and its original bytes are kept.',
      ),
      h(
        'div',
        { class: 'chips' },
        h(
          'a',
          { class: reason ? 'chip' : 'chip on', href: '/failures' },
          `all (${fmt(res.reasons.reduce((a, r) => a + r.count, 0))})`,
        ),
        res.reasons.map((r) =>
          h(
            'a',
            {
              class: r.value === reason ? 'chip on' : 'chip',
              href: `/failures?reason=${encodeURIComponent(r.value)}`,
            },
            `${r.value} (${fmt(r.count)})`,
          ),
        ),
      ),
      res.failures.length
        ? table(
            ['file (provenance)', 'stage', 'reason', 'message', ''],
            res.failures.map((f) => [
              h('code', { class: 'small' }, f.provenance),
              f.stage,
              h('span', { class: 'badge' }, f.reason),
              f.message,
              f.downloadable ? h('a', { href: `/api/blobs/${f.sha256}`, download: '' }, 'original') : '',
            ]),
          )
        : empty('No failures: every file was processed.'),
    ),
  );
}
