/**
 * A generated campaign with planted answers, written as X API v1.1 JSON lines. Every number the
 * signals must find is decided here by construction, not computed by the code under test.
 */
export const T0 = Date.UTC(2017, 4, 5, 18, 49, 0);
const S = 1000;
const MIN = 60 * S;
const twitterDate = (ms: number) =>
  new Date(ms).toUTCString().replace(/^(\w+), (\d+) (\w+) (\d+) ([\d:]+) GMT$/, '$1 $3 $2 $5 +0000 $4');

interface U {
  id: string;
  handle: string;
  location: string;
  created: number;
  followers: number;
  friends: number;
  description: string;
  defaultProfile: boolean;
}

const user = (id: number, handle: string, location: string, o: Partial<U> = {}): U => ({
  id: String(id),
  handle,
  location,
  created: Date.UTC(2012, 0, 1),
  followers: 300,
  friends: 200,
  description: 'Citizen, reader, voter.',
  defaultProfile: false,
  ...o,
});

const NOISE_LOCATIONS: [string, string | null][] = [
  ['Paris', 'FR'],
  ['Marseille, France', 'FR'],
  ['Chicago, IL', 'US'],
  ['London, UK', 'GB'],
  ['Berlin', 'DE'],
  ['', null],
  ['Earth', null],
  ['somewhere over the rainbow', null],
  ['Washington, DC', 'US'],
  ['Москва', 'RU'],
];
/** Short texts with their language, for posts that carry no `lang` (detection must find it). */
const NOISE_TEXTS: [string, string][] = [
  ['Les documents de la campagne ont fuité ce soir, partagez avant le silence électoral', 'fr'],
  ['Why is nobody in the media talking about this leak tonight?', 'en'],
  ['Warum berichtet niemand in den Medien über diese Dokumente?', 'de'],
  ['¿Por qué nadie en los medios habla de esto esta noche?', 'es'],
];

export interface Truth {
  seedId: string;
  seed: { within1m: number; within5m: number; within60m: number };
  hyper: { handle: string; max1h: number; max2h: number; max24h: number };
  top10: { posts: number; spanMs: number };
  suspicious: number;
  highly: number;
  hub: { handle: string; mentions: number; reposts: number };
  totalReposts: number;
  ring: string[];
  ringEdges: number;
  casualEdges: number;
  botLike: string[];
  posts: number;
  langByPosts: Record<string, number>;
  countryByAccounts: Record<string, number>;
  unknownCountryAccounts: number;
  accounts: number;
}

export function plantedCampaign(): { lines: string[]; truth: Truth } {
  const lines: string[] = [];
  const langs: Record<string, number> = {};
  const accountCountry = new Map<string, string | null>();
  let next = 10_000;
  const tweet = (
    u: U,
    ts: number,
    text: string,
    o: { lang?: string | null; rt?: Record<string, unknown> } = {},
  ): Record<string, unknown> => {
    const id = String(next++);
    const t: Record<string, unknown> = {
      id_str: id,
      created_at: twitterDate(ts),
      text: o.rt ? `RT @${(o.rt.user as U & { screen_name: string }).screen_name}: ${o.rt.text}` : text,
      user: {
        id_str: u.id,
        screen_name: u.handle,
        name: u.handle,
        location: u.location,
        created_at: twitterDate(u.created),
        followers_count: u.followers,
        friends_count: u.friends,
        statuses_count: 1000,
        description: u.description,
        default_profile: u.defaultProfile,
        default_profile_image: false,
        verified: false,
      },
      entities: {
        hashtags: [{ text: 'LeakDemo' }],
        user_mentions: [...text.matchAll(/@(\w+)/g)].map((m) => ({ screen_name: m[1] })),
        urls: [],
      },
    };
    const lang = o.rt ? (o.rt.lang as string | undefined) : o.lang;
    if (lang) t.lang = lang;
    if (o.rt) t.retweeted_status = o.rt;
    lines.push(JSON.stringify(t));
    const l = lang ?? NOISE_TEXTS.find(([x]) => x === text)?.[1];
    if (l) langs[l] = (langs[l] ?? 0) + 1;
    return t;
  };
  const seedU = user(1, 'seedacct', 'Paris, France');
  const hub = user(2, 'hubnews', 'New York, NY', { followers: 100000 });
  const hyper = user(3, 'hyper_poster', 'Texas');
  const actives = Array.from({ length: 9 }, (_, i) =>
    user(4 + i, `active${i + 2}`, i < 5 ? 'Austin, TX' : 'Lyon, France'),
  );
  const ring = Array.from({ length: 8 }, (_, i) =>
    user(100 + i, `patriot${48213 + i * 7}`, '', {
      created: T0 - 5 * 24 * 3600 * S,
      followers: 10,
      friends: 2000,
      defaultProfile: true,
      description: '',
    }),
  );
  const noise = Array.from({ length: 200 }, (_, i) =>
    user(
      1000 + i,
      `reader_${String.fromCharCode(97 + (i % 26))}${Math.floor(i / 26)}`,
      NOISE_LOCATIONS[i % 10]?.[0] ?? '',
    ),
  );
  const casual = Array.from({ length: 10 }, (_, i) =>
    user(3000 + i, `casual_${String.fromCharCode(97 + i)}`, 'Lyon, France'),
  );
  for (const [u, c] of [
    [seedU, 'FR'],
    [hub, 'US'],
    [hyper, 'US'],
  ] as const)
    accountCountry.set(u.id, c);
  for (const [i, u] of actives.entries()) accountCountry.set(u.id, i < 5 ? 'US' : 'FR');
  for (const u of ring) accountCountry.set(u.id, null);
  for (const [i, u] of noise.entries()) accountCountry.set(u.id, NOISE_LOCATIONS[i % 10]?.[1] ?? null);
  for (const u of casual) accountCountry.set(u.id, 'FR');

  // 1. The seed and its cascade: 15 reposts in the first minute, 87 in five, 100 in the hour.
  const seed = tweet(seedU, T0, 'Les documents de la campagne ont fuité, regardez #LeakDemo', { lang: 'fr' });
  const rtTimes = [
    ...Array.from({ length: 15 }, (_, i) => T0 + 2 * S + i * 3 * S),
    ...Array.from({ length: 72 }, (_, i) => T0 + 61 * S + i * 3 * S),
    ...Array.from({ length: 13 }, (_, i) => T0 + 10 * MIN + i * 3 * MIN),
  ];
  for (const [i, ts] of rtTimes.entries()) tweet(noise[i] as U, ts, '', { rt: seed });
  // 2. Hyperactivity: 294 posts 24 s apart (all within 2 h; 150 in any hour); nine accounts × 100.
  for (let i = 0; i < 294; i++)
    tweet(hyper, T0 + 10 * MIN + i * 24 * S, `Read the leaked files now #LeakDemo part ${i}`, { lang: 'en' });
  const activePosts: Record<string, unknown>[] = [];
  actives.forEach((u, k) => {
    for (let i = 0; i < 100; i++)
      activePosts.push(
        tweet(u, T0 + 5 * MIN + i * 100 * S + k * S, `Update ${i} from ${u.handle} #LeakDemo`, {
          lang: 'en',
        }),
      );
  });
  // 3. The hub: three posts; mentioned by 15 noise originals.
  const hubPosts = [20, 40, 60].map((m) =>
    tweet(hub, T0 + m * MIN, `BREAKING: the #LeakDemo files are being verified ${m}`, { lang: 'en' }),
  );
  for (let i = 0; i < 15; i++)
    tweet(
      noise[100 + i] as U,
      T0 + 90 * MIN + i * 5 * MIN,
      `Thanks @hubnews for the coverage of this story ${i}`,
      { lang: 'en' },
    );
  // 4. The ring reposts six posts within 14 s of each other; ten casual accounts repost two hub posts together 5 min later.
  const ringObjects = [
    ...hubPosts,
    ...activePosts.filter((p) => (p.user as { id_str: string }).id_str === '4').slice(0, 3),
  ];
  for (const o of ringObjects) {
    const t = Date.parse(String(o.created_at));
    for (const [k, u] of ring.entries()) tweet(u, t + 30 * S + 2 * k * S, '', { rt: o });
  }
  for (const o of hubPosts.slice(0, 2)) {
    const t = Date.parse(String(o.created_at));
    for (const [k, u] of casual.entries()) tweet(u, t + 300 * S + 5 * k * S, '', { rt: o });
  }
  // 5. Background: 60 noise accounts post one original each, hours apart, with no lang field.
  for (let i = 0; i < 60; i++) {
    const [text] = NOISE_TEXTS[i % 4] as [string, string];
    tweet(noise[120 + i] as U, T0 + 4 * 3600 * S + i * 10 * MIN, text);
  }
  const countries: Record<string, number> = {};
  let unknown = 0;
  const posting = new Set(lines.map((l) => (JSON.parse(l) as { user: { id_str: string } }).user.id_str));
  for (const id of posting) {
    const c = accountCountry.get(id) ?? null;
    if (c) countries[c] = (countries[c] ?? 0) + 1;
    else unknown++;
  }
  return {
    lines,
    truth: {
      seedId: `x:${seed.id_str}`,
      seed: { within1m: 15, within5m: 87, within60m: 100 },
      hyper: { handle: 'hyper_poster', max1h: 150, max2h: 294, max24h: 294 },
      top10: { posts: 294 + 900, spanMs: 99 * 100 * S + 8 * S },
      suspicious: 10,
      highly: 1,
      hub: { handle: 'hubnews', mentions: 15, reposts: 8 * 3 + 10 * 2 },
      totalReposts: 100 + 8 * 6 + 10 * 2,
      ring: ring.map((u) => `x:${u.id}`),
      ringEdges: 28,
      casualEdges: 45,
      botLike: ring.map((u) => `x:${u.id}`),
      posts: lines.length,
      langByPosts: langs,
      countryByAccounts: countries,
      unknownCountryAccounts: unknown,
      accounts: posting.size,
    },
  };
}
