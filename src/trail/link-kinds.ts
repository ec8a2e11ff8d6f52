/**
 * Where a leaked dump lives once it is out: file hosts, paste sites and web archives. A post
 * linking one of these "points to the dump" (issue #14). The list is named so a reader can check
 * it; a host's subdomains count (`pastebin.com` covers `www.pastebin.com`). Sources: the hosts
 * named in the #MacronLeaks reporting (archive.org, pastebin, anonfiles-style hosts) and the usual
 * mirrors of leak dumps. 4chan archives (4plebs…) are not here: a link
 * to an archived thread is a link to a 4chan post (POST_URL_PATTERNS).
 */
export const DUMP_HOSTS: { domain: string; kind: 'file-host' | 'paste' | 'archive'; label: string }[] = [
  { domain: 'pastebin.com', kind: 'paste', label: 'Pastebin' },
  { domain: 'paste.ee', kind: 'paste', label: 'Paste.ee' },
  { domain: 'ghostbin.com', kind: 'paste', label: 'Ghostbin' },
  { domain: 'ghostbin.co', kind: 'paste', label: 'Ghostbin' },
  { domain: 'justpaste.it', kind: 'paste', label: 'JustPaste.it' },
  { domain: 'controlc.com', kind: 'paste', label: 'ControlC' },
  { domain: 'rentry.co', kind: 'paste', label: 'Rentry' },
  { domain: 'hastebin.com', kind: 'paste', label: 'Hastebin' },
  { domain: 'privatebin.net', kind: 'paste', label: 'PrivateBin' },
  { domain: 'dpaste.com', kind: 'paste', label: 'dpaste' },
  { domain: 'archive.org', kind: 'archive', label: 'Internet Archive' },
  { domain: 'archive.today', kind: 'archive', label: 'archive.today' },
  { domain: 'archive.is', kind: 'archive', label: 'archive.today' },
  { domain: 'archive.ph', kind: 'archive', label: 'archive.today' },
  { domain: 'archive.li', kind: 'archive', label: 'archive.today' },
  { domain: 'archive.fo', kind: 'archive', label: 'archive.today' },
  { domain: 'mega.nz', kind: 'file-host', label: 'MEGA' },
  { domain: 'mega.co.nz', kind: 'file-host', label: 'MEGA' },
  { domain: 'mediafire.com', kind: 'file-host', label: 'MediaFire' },
  { domain: 'anonfiles.com', kind: 'file-host', label: 'AnonFiles' },
  { domain: 'anonfile.com', kind: 'file-host', label: 'AnonFiles' },
  { domain: 'zippyshare.com', kind: 'file-host', label: 'Zippyshare' },
  { domain: 'dropbox.com', kind: 'file-host', label: 'Dropbox' },
  { domain: 'drive.google.com', kind: 'file-host', label: 'Google Drive' },
  { domain: 'docs.google.com', kind: 'file-host', label: 'Google Docs' },
  { domain: 'sendspace.com', kind: 'file-host', label: 'SendSpace' },
  { domain: 'uploaded.net', kind: 'file-host', label: 'Uploaded' },
  { domain: 'rapidgator.net', kind: 'file-host', label: 'Rapidgator' },
  { domain: 'gofile.io', kind: 'file-host', label: 'Gofile' },
  { domain: 'wetransfer.com', kind: 'file-host', label: 'WeTransfer' },
  { domain: 'we.tl', kind: 'file-host', label: 'WeTransfer' },
  { domain: 'file.io', kind: 'file-host', label: 'file.io' },
  { domain: 'catbox.moe', kind: 'file-host', label: 'Catbox' },
  { domain: 'pixeldrain.com', kind: 'file-host', label: 'Pixeldrain' },
  { domain: 'transfer.sh', kind: 'file-host', label: 'transfer.sh' },
  { domain: 'ufile.io', kind: 'file-host', label: 'uFile' },
  { domain: 'megaupload.com', kind: 'file-host', label: 'Megaupload' },
  { domain: 'wikileaks.org', kind: 'archive', label: 'WikiLeaks' },
  { domain: 'ddosecrets.com', kind: 'archive', label: 'DDoSecrets' },
];

/**
 * Links to a post of a platform: `[platform, RE2 pattern]`, tried in DuckDB on each URL. A 4chan
 * archive thread (4plebs) names a 4chan post too. Mastodon has no single host: a URL shaped
 * `https://server/@user/<digits>` is taken as a Mastodon post.
 */
export const POST_URL_PATTERNS: [string, string][] = [
  ['4chan', '^https?://(boards\\.)?(4chan|4channel)\\.org/[a-z0-9]+/(thread|res)/[0-9]+'],
  ['4chan', '^https?://(archive\\.4plebs\\.org|archived\\.moe|desuarchive\\.org)/[a-z0-9]+/thread/[0-9]+'],
  ['x', '^https?://(www\\.|mobile\\.)?(twitter|x)\\.com/[A-Za-z0-9_]+/status(es)?/[0-9]+'],
  ['telegram', '^https?://(t\\.me|telegram\\.me)/(s/)?[A-Za-z0-9_]+/[0-9]+'],
  ['bluesky', '^https?://bsky\\.app/profile/[^/]+/post/[a-z0-9]+'],
  ['reddit', '^https?://([a-z]+\\.)?reddit\\.com/r/[^/]+/comments/'],
  ['facebook', '^https?://([a-z]+\\.)?facebook\\.com/.+/(posts|videos)/'],
  ['mastodon', '^https?://[^/]+/@[A-Za-z0-9_]+/[0-9]{6,}'],
];
