// The workbench request mix's ingredients, read from a case through its SqlDb (laptop or team):
// the first 200 e-mails' ids and 150 distinct subject words (longer than 4 letters, sorted), so
// both servers, and every build, are driven with the same requests when they hold the same demo.
// Shared by run.ts (HTTP, autocannon) and routes-cpu.mjs (in-process, per route).

/** @returns {Promise<{ ids: string[], queries: string[] }>} */
export async function mixOf(db) {
  const ids = (await db.all('SELECT id FROM emails ORDER BY id LIMIT 200')).map((r) => r.id);
  const words = (
    await db.all('SELECT subject FROM emails WHERE subject IS NOT NULL ORDER BY id LIMIT 2000')
  ).flatMap((r) =>
    r.subject
      .toLowerCase()
      .split(/[^\p{L}\p{N}]+/u)
      .filter((w) => w.length > 4),
  );
  return { ids, queries: [...new Set(words)].sort().slice(0, 150) };
}
