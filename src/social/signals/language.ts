import { eld } from 'eld/medium';

/**
 * Language of one short post. eld (medium n-gram database) was chosen over franc-min by measured
 * accuracy on 100 labelled short posts in ten languages (test/fixtures/social/lang): eld 99/100,
 * franc-min 88/100 (franc confuses ru/uk/bg/sr and de/nl on short texts); see docs/campaign.md.
 * URLs, @mentions, "RT @x:" and the # sign are removed first: they are not language.
 * @example detectLanguage('Les documents ont fuité ce soir') // 'fr'
 */
export function detectLanguage(text: string): string | null {
  const clean = text
    .replace(/^RT @\w+:\s*/, '')
    .replace(/https?:\/\/\S+/g, ' ')
    .replace(/@[\w.]+/g, ' ')
    .replace(/#/g, ' ')
    .trim();
  if ((clean.match(/\p{L}/gu)?.length ?? 0) < 4) return null;
  return eld.detect(clean).language || null;
}
