import type { PlantedScan } from './docs/scans-plant.js';
import type { PlantedNames } from './names-truth.js';
/**
 * truth.json: every planted item of a demo case and the finding leaklens is expected to make.
 * `leaklens eval` compares a case with it. Paths are relative to the demo directory.
 */
export type ForgeryKind =
  | 'fabricated'
  | 'body-altered'
  | 'header-altered'
  | 'extra-from'
  | 'content-past-l'
  | 'received-out-of-order'
  | 'message-id-mismatch';

/** Every forgery kind, in the order the generator plants them and eval reports them. */
export const FORGERY_KINDS: ForgeryKind[] = [
  'fabricated',
  'body-altered',
  'header-altered',
  'extra-from',
  'content-past-l',
  'received-out-of-order',
  'message-id-mismatch',
];

export interface PlantedEmail {
  messageId: string;
  kind: ForgeryKind | 'benign-reencoding';
  /** For benign ones: which re-encoding. */
  detail?: string;
  from: string;
  subject: string;
  date: string;
  locations: string[];
  /** The verdict a correct verifier gives (DESIGN.md verdict names). */
  expectedVerdict: string;
  /** Flags expected on it (stage 'verify' kinds); empty for benign re-encodings. */
  expectedFlags: string[];
}

export interface PlantedDocument {
  filename: string;
  sha256: string;
  carriedBy: string;
  author: string;
  lastModifiedBy: string;
  language: string;
  application: string;
  appVersion: string;
  modified: string;
  timezoneOffset: number;
  expectedFlags: string[];
}

export interface SocialTruth {
  hashtag: string;
  files: string[];
  posts: number;
  accounts: number;
  window: { start: string; end: string };
  seed: { account: string; postId: string; at: string; repostsWithin1Min: number; repostsWithin5Min: number };
  milestones: { posts: number; at: string; minutesAfterFirst: number }[];
  /** Every account with 72 or more posts in some 24-hour window (DFRLab's threshold), most first. */
  hyperactive: { account: string; posts: number; max24h: number; windowHours: number }[];
  /** The ten accounts planted as hyperactive, with their posts and the hours those span. */
  mostActive: { account: string; posts: number; windowHours: number }[];
  bots: string[];
  ring: string[];
  /** Accounts posting near-identical copy-paste messages within seconds, wave after wave. */
  copypasta: string[];
  amplifier: { account: string; mentions: number; repostShare: number };
  languages: Record<string, number>;
  countries: Record<string, number>;
}

export interface Truth {
  generator: string;
  seed: number;
  size: 'small' | 'full';
  org: { domain: string; name: string; selectors: string[]; keyRotation: string };
  dump: {
    emails: number;
    messages: number;
    attachments: number;
    mailboxes: { name: string; address: string; container: string; path: string }[];
  };
  keys: string;
  emails: PlantedEmail[];
  documents: PlantedDocument[];
  duplicates: {
    /** The same message (same bytes or same text) in several mailboxes. */
    exact: { messageId: string; locations: string[] }[];
    /** Re-sent messages: different Message-IDs, nearly the same text. */
    near: { messageIds: string[] }[];
  };
  social: SocialTruth | null;
  /** Files whose words exist only in pictures (OCR, issue #13); absent in demos made before it. */
  ocr?: PlantedScan[];
  /** Names planted in bodies (names-truth.ts); absent from truth files made before them. */
  names?: PlantedNames[];
  /** Absent from truth files written before the trail was planted. */
  trail?: TrailTruth | null;
}

export const GENERATOR = 'leaklens-demo/1';

/** One post planted as showing or quoting a dump item. */
export interface TrailTruthPost {
  postId: string;
  platform: string;
  via: 'file' | 'quote';
}

/** A dump item the trail's posts carry: an e-mail (by Message-ID) or a document (by SHA-256). */
export interface TrailTruthItem {
  kind: 'email' | 'document';
  messageId?: string;
  sha256?: string;
  title: string;
  /** For e-mails: the sentence the posts quote. */
  quote?: string;
  posts: TrailTruthPost[];
}

/** How the leak travelled (issue #14): what `leaklens trail` must find in the demo. */
export interface TrailTruth {
  /** Post files of the trail, relative to the demo directory (imported beside social.files). */
  files: string[];
  thread: string;
  paste: string;
  firstSeen: {
    platform: string;
    time: string;
    postId: string;
    handle: string | null;
    via: 'file' | 'quote' | 'link' | 'hashtag';
  }[];
  handoffs: { fromPlatform: string; toPlatform: string; time: string; postId: string; evidence: string }[];
  items: TrailTruthItem[];
  /** A signature block found in many e-mails, quoted by these posts: no evidence of any item. */
  boilerplate: { text: string; items: number; posts: string[] };
  /** Posts with media that are not in the dump or broken media fields: tied to no item. */
  noEvidence: string[];
}
