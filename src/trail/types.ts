/**
 * How the leak travelled (issue #14): the join of the dump (items) with the posts of the campaign
 * side. Field names are fixed by `leaklens trail --json`; more fields may be added, none renamed.
 */

/** How a post was tied to the dump or to another platform. */
export type TrailVia = 'file' | 'quote' | 'link' | 'hashtag';

/** One piece of evidence behind a link, in words and in data a reader can check. */
export interface TrailEvidence {
  via: TrailVia;
  /** e.g. 'md5', 'sha256', 'filename', 'phash', 'quote', 'file-host', 'paste', 'archive', 'post-link', 'hashtag'. */
  kind: string;
  /** A sentence a journalist can quote: "4chan file md5 … equals the MD5 of invoice.pdf". */
  detail: string;
  /** The matched value: the hash, the quoted run of words, the URL, the hashtag. */
  value?: string;
}

/** The first post of one platform that touched the dump. */
export interface FirstSeen {
  platform: string;
  /** ISO 8601, UTC. */
  time: string;
  postId: string;
  handle: string | null;
  via: TrailVia;
}

/** The first post on one platform that points at another platform's post or at the dump there. */
export interface Handoff {
  fromPlatform: string;
  toPlatform: string;
  time: string;
  postId: string;
  evidence: TrailEvidence[];
}

/** A dump item that surfaced in posts. */
export interface TrailItem {
  itemId: string;
  kind: string;
  title: string;
  /** Posts that showed, quoted or linked it. */
  posts: number;
  accounts: number;
  platforms: string[];
  first: { platform: string; time: string; postId: string };
  evidence: TrailEvidence[];
}

/** One post tied to one item (the item page lists these). */
export interface TrailPostLink {
  itemId: string;
  postId: string;
  platform: string;
  time: string;
  handle: string | null;
  evidence: TrailEvidence[];
}

export interface Trail {
  firstSeen: FirstSeen[];
  handoffs: Handoff[];
  items: TrailItem[];
  /** Sentences a journalist can quote, in order. */
  summary: string[];
}
