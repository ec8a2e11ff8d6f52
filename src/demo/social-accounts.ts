import { FR_FAMILY, FR_GIVEN, US_FAMILY, US_GIVEN } from './names.js';
import type { Rng } from './prng.js';

/** One account of the campaign with the role it plays and the country its location string names. */
export interface DemoAccount {
  id: string;
  handle: string;
  name: string;
  created: number;
  followers: number;
  friends: number;
  statuses: number;
  location: string;
  /** ISO country the location string names, null when it names none (truth for country shares). */
  country: string | null;
  description: string;
  defaultProfile: boolean;
  lang: 'fr' | 'en' | 'de' | 'es';
  role: 'organic' | 'seed' | 'hub' | 'hyperactive' | 'bot' | 'ring' | 'copypasta';
  platform: 'x' | 'mastodon';
}

/** Location strings of many kinds, with the country they name (null: no place). */
export const LOCATIONS: Record<string, [string, string | null][]> = {
  fr: [
    ['Paris', 'FR'],
    ['Paris, France', 'FR'],
    ['Lyon', 'FR'],
    ['Marseille', 'FR'],
    ['France 🇫🇷', 'FR'],
    ['Bordeaux, France', 'FR'],
    ['Toulouse', 'FR'],
    ['Nantes, Bretagne', 'FR'],
    ['Lille', 'FR'],
    ['Bruxelles, Belgique', 'BE'],
    ['Genève', 'CH'],
    ['Montréal', 'CA'],
  ],
  en: [
    ['New York, NY', 'US'],
    ['Texas, USA', 'US'],
    ['Los Angeles', 'US'],
    ['USA', 'US'],
    ['Chicago', 'US'],
    ['United States', 'US'],
    ['Miami', 'US'],
    ['Seattle', 'US'],
    ['London, England', 'GB'],
    ['Toronto', 'CA'],
    ['Dallas', 'US'],
    ['Boston', 'US'],
  ],
  other: [
    ['Berlin', 'DE'],
    ['Madrid', 'ES'],
    ['Roma', 'IT'],
    ['Moscow', 'RU'],
  ],
  junk: [
    ['', null],
    ['Earth', null],
    ['somewhere', null],
    ['in your dreams', null],
    ['🌍', null],
    ['wherever the truth is', null],
    ['Planet X', null],
  ],
};

const SNOWFLAKE_EPOCH = 1288834974657n;
/** X ids are Snowflakes: (ms - epoch) << 22 | worker/sequence, so ids grow with time. */
export function snowflake(ms: number, seq: number): string {
  return ((BigInt(ms) - SNOWFLAKE_EPOCH) * 4194304n + BigInt(seq % 4194304)).toString();
}

const words = [
  'patriot',
  'news',
  'truth',
  'citoyen',
  'libre',
  'eagle',
  'maga',
  'france',
  'info',
  'watch',
  'real',
  'voice',
];

function handleOf(rng: Rng, base: string, bot: boolean): string {
  if (bot) return `${rng.pick(words)}${rng.chars(8, '0123456789')}`;
  return `${base.replace(/[^A-Za-z0-9]/g, '').slice(0, 10)}${rng.chance(0.5) ? rng.int(1, 99) : rng.pick(['_', '_fr', 'X', ''])}`;
}

/** Builds one account of a role; `at` is the campaign start (creation dates count back from it). */
export function makeAccount(
  rng: Rng,
  role: DemoAccount['role'],
  n: number,
  at: number,
  langHint?: 'fr' | 'en',
): DemoAccount {
  const lang =
    langHint ?? (rng.chance(0.55) ? 'fr' : rng.chance(0.92) ? 'en' : rng.pick(['de', 'es'] as const));
  const given = lang === 'fr' ? rng.pick(FR_GIVEN) : rng.pick(US_GIVEN);
  const family = lang === 'fr' ? rng.pick(FR_FAMILY) : rng.pick(US_FAMILY);
  const bot = role === 'bot';
  const young = bot || (role === 'ring' && rng.chance(0.5));
  const locPool =
    bot || role === 'ring'
      ? rng.chance(0.5)
        ? LOCATIONS.junk
        : LOCATIONS.en
      : rng.chance(0.25)
        ? LOCATIONS.junk
        : lang === 'fr'
          ? LOCATIONS.fr
          : lang === 'en'
            ? LOCATIONS.en
            : LOCATIONS.other;
  const [location, country] = rng.pick(locPool ?? []);
  const created = young
    ? at - rng.int(1, 30) * 86_400_000 - rng.int(0, 86_399) * 1000
    : at - rng.int(200, 3000) * 86_400_000 - rng.int(0, 86_399) * 1000;
  const followers =
    role === 'hub'
      ? 214_000 + rng.int(0, 5000)
      : role === 'seed'
        ? 1200 + rng.int(0, 300)
        : bot
          ? rng.int(0, 12)
          : rng.int(20, 4000);
  return {
    id: String(700_000_000 + n * 7 + rng.int(0, 6)),
    handle:
      role === 'seed'
        ? 'veritas_seed17'
        : role === 'hub'
          ? 'leakhub_intl'
          : handleOf(rng, `${given}${family}`, bot),
    name: bot ? rng.pick(words) + rng.int(10, 99) : `${given} ${family}`,
    created: created - (created % 1000),
    followers,
    // Follow-spam bots follow many accounts and are followed by few.
    friends: bot ? rng.int(150, 900) : rng.int(50, 2000),
    statuses: bot ? rng.int(200, 4000) : rng.int(100, 60_000),
    location: location ?? '',
    country: country ?? null,
    description: bot ? '' : lang === 'fr' ? 'Citoyen engagé. Avis perso.' : 'Opinions are my own.',
    defaultProfile: bot,
    lang: lang === 'de' || lang === 'es' ? lang : lang,
    role,
    platform: 'x',
  };
}
