import { mulberry32 } from '../../src/util/mulberry32.js';
/**
 * A FiveThirtyEight IRA CSV (github.com/fivethirtyeight/russian-troll-tweets, the 21 columns of
 * the 2018 data update) with realistic values and a fixed seed: 2,848 authors with heavy-tailed
 * activity, 19% of them with the spreadsheet-rounded author id 906000000000000000 the release
 * really has (alt_external_id keeps the exact one), language names in the release's proportions
 * (English, Russian, German, … and "LANGUAGE UNDEFINED"), retweets (post_type RETWEET, retweet 1)
 * whose text mostly lacks "RT @", tco1_step1 status links, and contents that need CSV quoting:
 * commas, "" escapes, emoji and line breaks inside quotes.
 *
 * `defects: true` adds, at known places, each defect seen in real exports: a row with a field
 * too few, an unquoted NA, blank lines, a publish_date in ISO form, an impossible date (2/30,
 * which the JavaScript reader rolls over), a counter that is not a number, a rounded tweet id with
 * no article_url, and a quote never closed at the end of the file.
 */
export const IRA_HEADER =
  'external_author_id,author,content,region,language,publish_date,harvested_date,following,followers,updates,post_type,account_type,retweet,account_category,new_june_2018,alt_external_id,tweet_id,article_url,tco1_step1,tco2_step1,tco3_step1';

const prng = mulberry32;

/** Share of rows per language name (the release: 2.1M English, 0.6M Russian, then a long tail). */
const LANGUAGES: [string, number][] = [
  ['English', 0.716],
  ['Russian', 0.205],
  ['German', 0.0295],
  ['Ukrainian', 0.013],
  ['Italian', 0.0062],
  ['Serbian', 0.0031],
  ['Uzbek', 0.0027],
  ['Bulgarian', 0.0025],
  ['LANGUAGE UNDEFINED', 0.0023],
  ['Arabic', 0.002],
  ['Macedonian', 0.0016],
  ['French', 0.0016],
  ['Spanish', 0.0015],
  ['Romanian', 0.0012],
  ['Farsi (Persian)', 0.001],
  ['Norwegian', 0.0009],
  ['Dutch', 0.0009],
];
const REGIONS = [
  'United States',
  'Unknown',
  'Russian Federation',
  'Germany',
  'United Kingdom',
  'Italy',
  'Ukraine',
  '',
];
const CATEGORIES: [string, string][] = [
  ['Right', 'RightTroll'],
  ['Left', 'LeftTroll'],
  ['Russian', 'NonEnglish'],
  ['local', 'NewsFeed'],
  ['Hashtager', 'HashtagGamer'],
  ['Commercial', 'Commercial'],
  ['Koch', 'Fearmonger'],
];
const HASHTAGS = [
  'MAGA',
  'tcot',
  'news',
  'BlackLivesMatter',
  'PJNET',
  'IslamKills',
  'TrumpTrain',
  'StopIslam',
  'MacronLeaks',
  'politics',
  'sports',
  'ToDoListBeforeChristmas',
  'WakeUpAmerica',
  'Новости',
  'США',
];
const EN_WORDS =
  'the media will not report this hillary is done crooked democrats police shooting protest breaking news america first vote today election rigged watch video share if you agree we need more people like him great again never forget'.split(
    ' ',
  );
const RU_WORDS =
  'новости дня в москве путин сша украина санкции выборы сегодня президент заявил россия правительство мнение эксперты'.split(
    ' ',
  );
const DE_WORDS = 'die nachrichten heute merkel flüchtlinge berlin wahl regierung deutschland polizei'.split(
  ' ',
);
const EMOJI = ['🇺🇸', '🔥', '😂', '👍', '🐝', '❤️'];
const NEWS = [
  'http://www.cnn.com/2017/09/27/us/politics/index.html',
  'https://www.foxnews.com/politics/2017/10/01/story.html',
  'http://ria.ru/politics/20170505/1493568.html',
  'https://www.breitbart.com/big-government/2017/05/05/article/',
];

export interface IraOptions {
  rows: number;
  seed?: number;
  defects?: boolean;
}

const p2 = (n: number) => String(n).padStart(2, '0');
/** "M/D/YYYY H:MM", the release's publish_date form. */
function mdy(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCMonth() + 1}/${d.getUTCDate()}/${d.getUTCFullYear()} ${d.getUTCHours()}:${p2(d.getUTCMinutes())}`;
}
/** RFC 4180: quote a field holding a comma, quote or line break; double the quotes. */
export function csvField(s: string): string {
  return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

interface Author {
  id: string;
  alt: string;
  handle: string;
  region: string;
  type: [string, string];
  lang: number;
  following: number;
  followers: number;
  updates: number;
  newJune: string;
}

/**
 * Yields the CSV text in chunks of about 1 MB (header first, each line ending in \n).
 * @example for (const chunk of iraCsv({ rows: 1000 })) out.write(chunk);
 */
export function* iraCsv(opts: IraOptions): Generator<string> {
  const rnd = prng(opts.seed ?? 538);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
  const nAuthors = Math.min(2848, Math.max(20, Math.round(opts.rows / 50)));
  const authors: Author[] = [];
  for (let a = 0; a < nAuthors; a++) {
    const exact = String(2_500_000_000 + a * 7919);
    const alt = a % 3 === 0 ? String(700_000_000_000_000_000n + BigInt(a) * 104_729n) : exact;
    const rounded = a % 16 < 3; // 19% of authors: the spreadsheet-rounded id of the release
    const lang = rnd() < 0.72 ? 0 : rnd() < 0.8 ? 1 : 2 + Math.floor(rnd() * (LANGUAGES.length - 2));
    authors.push({
      id: rounded ? '906000000000000000' : alt,
      alt,
      handle: `${pick(['TEN', 'PAMELA', 'JENN', 'MOSCOW', 'USA', 'NEWS', 'TODAY', 'BLACK', 'PATRIOT'])}_${pick(['GOP', 'MOORE', 'ABRAMS', 'NEWS', 'VOICE', 'DAILY'])}${a}`,
      region: lang === 1 ? 'Russian Federation' : pick(REGIONS),
      type: pick(CATEGORIES),
      lang,
      following: Math.floor(rnd() * 3000),
      followers: Math.floor(rnd() ** 3 * 100000),
      updates: Math.floor(rnd() * 10000),
      newJune: a % 4 === 0 ? '1' : '0',
    });
  }
  // Heavy tail: author k is picked with weight 1/(k+1).
  const weights = authors.map((_, k) => 1 / (k + 1));
  const total = weights.reduce((s, w) => s + w, 0);
  const cum = new Float64Array(nAuthors);
  let acc = 0;
  weights.forEach((w, k) => {
    acc += w / total;
    cum[k] = acc;
  });
  const author = () => {
    const r = rnd();
    let lo = 0;
    let hi = nAuthors - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((cum[mid] ?? 1) < r) lo = mid + 1;
      else hi = mid;
    }
    return authors[lo] as Author;
  };
  const T0 = Date.UTC(2015, 0, 1);
  const SPAN = Date.UTC(2018, 4, 30) - T0;
  const recent: { text: string; handle: string; id: string }[] = [];
  let out = `${IRA_HEADER}\n`;
  let tweetId = 600_000_000_000_000_000n;
  for (let i = 0; i < opts.rows; i++) {
    const a = author();
    tweetId += BigInt(1 + Math.floor(rnd() * 4_000_000_000));
    const id = String(tweetId);
    const langName = rnd() < 0.97 ? (LANGUAGES[a.lang] as [string, number])[0] : pick(LANGUAGES)[0];
    // Activity peaks in 2016-2017, as in the release.
    const u = rnd();
    const ms = T0 + Math.floor((u < 0.7 ? 0.3 + u * 0.75 : rnd()) * SPAN);
    const retweet = recent.length > 0 && rnd() < 0.47;
    const quote = !retweet && rnd() < 0.03;
    let text: string;
    let tco = '';
    if (retweet) {
      const o = pick(recent);
      text = rnd() < 0.1 ? `RT @${o.handle}: ${o.text}` : o.text;
      if (rnd() < 0.3) tco = `https://twitter.com/${o.handle.toLowerCase()}/status/${o.id}/video/1`;
    } else {
      const words = langName === 'Russian' ? RU_WORDS : langName === 'German' ? DE_WORDS : EN_WORDS;
      const n = 4 + Math.floor(rnd() * 14);
      const parts: string[] = [];
      for (let w = 0; w < n; w++) parts.push(pick(words));
      if (rnd() < 0.45) parts.push(`#${pick(HASHTAGS)}`);
      if (rnd() < 0.15) parts.splice(Math.floor(rnd() * parts.length), 0, `#${pick(HASHTAGS)}`);
      if (rnd() < 0.2) parts.unshift(`@${pick(authors).handle}`);
      if (rnd() < 0.25) parts.splice(2, 0, `${pick(words)},`);
      if (rnd() < 0.05) parts.unshift(`"${pick(words)} ${pick(words)}"`);
      if (rnd() < 0.08) parts.push(pick(EMOJI));
      if (rnd() < 0.01) parts.splice(3, 0, '\n');
      const link = rnd() < 0.4;
      if (link) parts.push(`https://t.co/${id.slice(-10)}`);
      text = parts.join(' ');
      if (link)
        tco = rnd() < 0.5 ? `https://twitter.com/${a.handle.toLowerCase()}/status/${id}/photo/1` : pick(NEWS);
      if (recent.length < 5000) recent.push({ text, handle: a.handle, id });
      else recent[Math.floor(rnd() * 5000)] = { text, handle: a.handle, id };
    }
    a.updates += 1;
    if (rnd() < 0.3) a.followers += Math.floor(rnd() * 5);
    const harvested = mdy(ms + (rnd() < 0.5 ? 60_000 : 0));
    const fields = [
      a.id,
      a.handle,
      csvField(text),
      a.region,
      langName,
      mdy(ms),
      harvested,
      String(a.following),
      String(a.followers),
      String(a.updates),
      retweet ? 'RETWEET' : quote ? 'QUOTE_TWEET' : '',
      a.type[0],
      retweet ? '1' : '0',
      a.type[1],
      a.newJune,
      a.alt,
      id,
      `http://twitter.com/${a.alt}/statuses/${id}`,
      csvField(tco),
      '',
      '',
    ];
    out += `${fields.join(',')}\n`;
    if (opts.defects && i % 97 === 50) out += defect(i, a);
    if (out.length > 1 << 20) {
      yield out;
      out = '';
    }
  }
  if (opts.defects) out += `${a0(authors)},"an unterminated quote,English,5/5/2017 1:00\n`;
  yield out;
}

const a0 = (authors: Author[]) => (authors[0] as Author).id;

/** One defect row (or blank lines), by turn. */
function defect(i: number, a: Author): string {
  const k = Math.floor(i / 97) % 8;
  const base = (
    content: string,
    date: string,
    followers = '10',
    id = `${800_000_000_000_000_000 + i}`,
    url = `http://twitter.com/${a.alt}/statuses/${id}`,
  ) =>
    `${a.id},${a.handle},${csvField(content)},Unknown,English,${date},${date},1,${followers},2,,Right,0,RightTroll,0,${a.alt},${id},${url},,,\n`;
  switch (k) {
    case 0:
      return `${a.id},${a.handle},a row with a field too few,Unknown,English,5/5/2017 19:20\n`;
    case 1:
      return base('NA cells: region and tco', '5/6/2017 10:00').replace(',Unknown,', ',NA,');
    case 2:
      return '\n\n';
    case 3:
      return base('a date in ISO form', '2017-05-05 18:31');
    case 4:
      return base('an impossible date', '2/30/2017 12:00');
    case 5:
      return base('a counter that is not a number', '5/7/2017 9:15', '1.5K');
    case 6:
      return base('a rounded tweet id, no article_url', '5/8/2017 9:15', '3', '9.14312E+17', '');
    default:
      return base('line\nbreaks "quoted"\nand, commas', '5/9/2017 23:59');
  }
}
