// Vocabulary shared by the maildir generator and the search benchmark: the long tail of synthetic
// words, so that queries can use words whose frequency in the corpus is known by construction.
export const SYL = [
  'ra',
  'mo',
  'li',
  'tan',
  'ver',
  'cou',
  'pé',
  'gro',
  'ment',
  'ion',
  'dé',
  'bri',
  'sa',
  'lon',
  'cha',
  'tu',
  'ré',
  'por',
  'vi',
  'nel',
];
export const tailWord = (i) => SYL[i % 20] + SYL[Math.floor(i / 20) % 20] + SYL[Math.floor(i / 400) % 20];
