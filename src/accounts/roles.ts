/**
 * Roles of a case's users, each including the one before: a reader reads (pages, searches, item
 * text); an editor also annotates, saves searches and exports originals; an admin also reads the
 * audit log and manages users. Enforced by the server on every request, never by the page.
 */
export const ROLES = ['reader', 'editor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** What a request may do; each needs the role named in `NEEDS`. */
export type Permission = 'read' | 'annotate' | 'export' | 'audit' | 'manage-users';

export const NEEDS: Record<Permission, Role> = {
  read: 'reader',
  annotate: 'editor',
  export: 'editor',
  audit: 'admin',
  'manage-users': 'admin',
};

export function isRole(v: unknown): v is Role {
  return typeof v === 'string' && (ROLES as readonly string[]).includes(v);
}

/**
 * @example can('reader', 'annotate') // false
 */
export function can(role: Role, what: Permission): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(NEEDS[what]);
}
