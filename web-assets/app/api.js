// Talks to the workbench's JSON API. State-changing calls carry the CSRF token from /api/session.
let session;

export async function getSession() {
  session ??= await fetch('/api/session').then((r) => r.json());
  return session;
}

export async function get(path) {
  const res = await fetch(path, { headers: { accept: 'application/json' } });
  if (res.status === 401) {
    location.href = '/login';
    throw new Error('login required');
  }
  const body = await res.json().catch(() => ({ error: `HTTP ${res.status}` }));
  if (!res.ok) throw new Error(body.error ?? `HTTP ${res.status}`);
  return body;
}

async function send(method, path, data) {
  const s = await getSession();
  const res = await fetch(path, {
    method,
    headers: { 'content-type': 'application/json', 'x-csrf-token': s.csrf ?? '' },
    body: JSON.stringify(data ?? {}),
  });
  const body = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(body.error ?? `HTTP ${res.status}`);
  return body;
}

export const post = (path, data) => send('POST', path, data);
export const del = (path) => send('DELETE', path, {});
