/** Platform ids as stored (`x`, `4chan` …) and as a journalist writes them. */
const NAMES: Record<string, string> = {
  x: 'X',
  '4chan': '4chan',
  telegram: 'Telegram',
  bluesky: 'Bluesky',
  mastodon: 'Mastodon',
  reddit: 'Reddit',
  facebook: 'Facebook',
};

/** The platform as a journalist writes it. */
export function platformName(p: string): string {
  return NAMES[p] ?? p;
}
