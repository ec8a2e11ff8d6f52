// Sign-in form: JSON POST (the server refuses form posts, a CSRF defence), then back to the app.
const form = document.getElementById('login');
const err = document.getElementById('err');
form.addEventListener('submit', async (ev) => {
  ev.preventDefault();
  err.textContent = '';
  const data = new FormData(form);
  const res = await fetch('/api/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ user: data.get('user'), password: data.get('password') }),
  });
  if (res.ok) location.href = '/';
  else err.textContent = (await res.json().catch(() => ({}))).error ?? `sign-in failed (${res.status})`;
});
