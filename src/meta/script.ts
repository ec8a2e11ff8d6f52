/**
 * Writing system of a name, from the Unicode scripts of its letters (UAX #24 Script property):
 * the script holding most letters wins. Used to spot an editor name written in another alphabet
 * than the rest of a dump.
 * @example writingSystem('Рошка Георгий') // 'Cyrillic'
 */
export type WritingSystem =
  | 'Latin'
  | 'Cyrillic'
  | 'Arabic'
  | 'Greek'
  | 'Hebrew'
  | 'CJK'
  | 'Hangul'
  | 'Other'
  | 'None';

const SCRIPTS: [WritingSystem, RegExp][] = [
  ['Latin', /\p{Script=Latin}/u],
  ['Cyrillic', /\p{Script=Cyrillic}/u],
  ['Arabic', /\p{Script=Arabic}/u],
  ['Greek', /\p{Script=Greek}/u],
  ['Hebrew', /\p{Script=Hebrew}/u],
  ['CJK', /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u],
  ['Hangul', /\p{Script=Hangul}/u],
];

export function writingSystem(s: string): WritingSystem {
  const counts = new Map<WritingSystem, number>();
  for (const ch of s) {
    if (!/\p{L}/u.test(ch)) continue;
    const found = SCRIPTS.find(([, re]) => re.test(ch))?.[0] ?? 'Other';
    counts.set(found, (counts.get(found) ?? 0) + 1);
  }
  let best: WritingSystem = 'None';
  let n = 0;
  for (const [k, v] of counts) if (v > n) [best, n] = [k, v];
  return best;
}

/**
 * User name in a Windows or Unix profile path: `C:\Users\<name>\…`, `…\Documents and Settings\<name>\…`,
 * `/Users/<name>/…`, `/home/<name>/…`. Generic profiles (Public, Default, All Users) are ignored.
 * @example userInPath('C:\\Users\\roshka\\AppData\\Normal.dotm') // 'roshka'
 */
export function userInPath(path: string): string | undefined {
  const m = /(?:^|[\\/])(?:Users|Documents and Settings|home)[\\/]([^\\/]+)[\\/]/i.exec(path);
  const user = m?.[1];
  if (!user || /^(public|default|default user|all users|shared)$/i.test(user)) return undefined;
  return user;
}
