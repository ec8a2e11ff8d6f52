import { createHash } from 'node:crypto';

/** SHA-256 of bytes, lowercase hex. */
export function sha256(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/**
 * Deterministic entity id: the same input always yields the same id, so the same dump always
 * yields the same case and report (FollowTheMoney derives ids the same way).
 *
 * Content entities (Email, Document) are keyed by kind + content hash only: a byte-identical file
 * seen in two places is one entity with two locations (see `locations` in the store). Folders have
 * no meaningful content hash, so they are keyed by their provenance path.
 * @example makeId('Email', 'ab12…') // 'em-3f9a…'
 */
export function makeId(kind: EntityKind, contentHash: string, provenance = ''): string {
  const prefix = ID_PREFIX[kind];
  return `${prefix}-${sha256(`${kind}\0${contentHash}\0${provenance}`).slice(0, 24)}`;
}

export type EntityKind = 'Folder' | 'Email' | 'Document' | 'Identity' | 'Failure' | 'Flag' | 'Verdict';

const ID_PREFIX: Record<EntityKind, string> = {
  Folder: 'fo',
  Email: 'em',
  Document: 'doc',
  Identity: 'id',
  Failure: 'fail',
  Flag: 'flag',
  Verdict: 'vd',
};
