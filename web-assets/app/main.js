// The workbench shell: a path router (every page and every search has its own URL) and the header.
import { getSession, post } from './api.js';
import { errorBox, h, mount } from './dom.js';
import { auditPage } from './pages/audit.js';
import { campaignPage } from './pages/campaign.js';
import { documentsPage } from './pages/documents.js';
import { failuresPage } from './pages/failures.js';
import { itemPage } from './pages/item.js';
import { overviewPage } from './pages/overview.js';
import { peoplePage, personPage } from './pages/people.js';
import { searchPage } from './pages/search.js';
import { suspectsPage } from './pages/suspects.js';
import { tagsPage } from './pages/tags.js';

const ROUTES = [
  [/^\/$|^\/suspects$/, () => suspectsPage()],
  [/^\/overview$/, () => overviewPage()],
  [/^\/search$/, (_m, params) => searchPage(params)],
  [/^\/item\/([^/]+)$/, (m) => itemPage(decodeURIComponent(m[1]))],
  [/^\/documents$/, (_m, params) => documentsPage(params)],
  [/^\/people$/, (_m, params) => peoplePage(params)],
  [/^\/people\/(.+)$/, (m) => personPage(decodeURIComponent(m[1]))],
  [/^\/campaign$/, (_m, params) => campaignPage(params)],
  [/^\/failures$/, (_m, params) => failuresPage(params)],
  [/^\/tags$/, () => tagsPage()],
  [/^\/audit$/, (_m, params) => auditPage(params)],
];

export function navigate(url, replace = false) {
  if (replace) history.replaceState(null, '', url);
  else history.pushState(null, '', url);
  return render();
}

async function render() {
  const { pathname, search } = location;
  const params = new URLSearchParams(search);
  for (const a of document.querySelectorAll('#nav a')) {
    const href = a.getAttribute('href');
    a.classList.toggle(
      'active',
      href === '/'
        ? pathname === '/' || pathname === '/suspects'
        : pathname.startsWith(href) || (href === '/search' && pathname.startsWith('/item/')),
    );
  }
  for (const [re, page] of ROUTES) {
    const m = re.exec(pathname);
    if (!m) continue;
    try {
      await page(m, params);
    } catch (err) {
      mount(h('div', { class: 'page' }, errorBox(err)));
    }
    document.body.dataset.ready = pathname;
    return;
  }
  mount(
    h(
      'div',
      { class: 'page' },
      h('h1', {}, 'Not found'),
      h('p', {}, h('a', { href: '/' }, 'Back to the overview')),
    ),
  );
}

// Internal links change the page without a reload; downloads and new-tab clicks are left alone.
document.addEventListener('click', (ev) => {
  const a = ev.target instanceof Element ? ev.target.closest('a[href]') : null;
  if (!a || ev.defaultPrevented || ev.button !== 0 || ev.metaKey || ev.ctrlKey || ev.shiftKey) return;
  const href = a.getAttribute('href');
  if (!href?.startsWith('/') || href.startsWith('/api/') || a.hasAttribute('download')) return;
  ev.preventDefault();
  navigate(href);
  window.scrollTo(0, 0);
});

window.addEventListener('popstate', () => render());

document.getElementById('quick').addEventListener('submit', (ev) => {
  ev.preventDefault();
  const q = document.getElementById('quick-q').value;
  navigate(`/search?q=${encodeURIComponent(q)}`);
});

// "/" focuses the search box, as in most mail clients; not while typing in a field.
document.addEventListener('keydown', (ev) => {
  if (ev.key !== '/' || /^(INPUT|TEXTAREA|SELECT)$/.test(document.activeElement?.tagName ?? '')) return;
  ev.preventDefault();
  (document.getElementById('q') ?? document.getElementById('quick-q')).focus();
});

getSession().then((s) => {
  // Admins read the audit log (the server answers 403 to anyone else).
  if (s.role === 'admin' && s.authRequired)
    document.getElementById('nav').append(h('a', { href: '/audit' }, 'Audit'));
  const who = document.getElementById('who');
  if (s.authRequired && s.user) {
    who.replaceChildren(
      `${s.user} (${s.role}) · `,
      h(
        'a',
        {
          href: '#',
          onclick: async (ev) => {
            ev.preventDefault();
            await post('/api/logout', {});
            location.href = '/login';
          },
        },
        'sign out',
      ),
    );
  }
});

render();
