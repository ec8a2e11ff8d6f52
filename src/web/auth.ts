import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { hashPassword, verifyPassword } from '../accounts/password.js';
import { isRole, type Role } from '../accounts/roles.js';

export { hashPassword, verifyPassword } from '../accounts/password.js';

/** A users.json entry (docs/workbench.md); `role` is optional (editor when absent). */
export interface User {
  name: string;
  hash: string;
  role?: Role;
}

/**
 * Reads a users file: JSON `{"users": [{"name": "ana", "hash": "scrypt$…", "role": "editor"}]}`.
 * @example
 * loadUsers('./leaklens-case/users.json')
 */
export function loadUsers(path: string): User[] {
  const data = JSON.parse(readFileSync(path, 'utf8')) as { users?: unknown };
  if (!Array.isArray(data.users)) throw new Error(`${path}: expected {"users": [{"name", "hash"}]}`);
  return data.users.map((u, i) => {
    const o = u as Partial<User>;
    if (typeof o.name !== 'string' || typeof o.hash !== 'string' || !o.hash.startsWith('scrypt$')) {
      throw new Error(
        `${path}: user #${i + 1} needs a "name" and an scrypt "hash" (leaklens serve --hash-password)`,
      );
    }
    if (o.role !== undefined && !isRole(o.role))
      throw new Error(
        `${path}: user #${i + 1} has an unknown role ${JSON.stringify(o.role)}: reader, editor or admin`,
      );
    return o.role ? { name: o.name, hash: o.hash, role: o.role } : { name: o.name, hash: o.hash };
  });
}

/** A dummy hash checked for unknown users, so a login takes as long whether or not the user exists. */
let dummyHash: string | undefined;
export async function checkLogin(users: User[], name: string, password: string): Promise<boolean> {
  const user = users.find((u) => u.name === name);
  dummyHash ??= await hashPassword(randomBytes(8).toString('hex'));
  const ok = await verifyPassword(password, user?.hash ?? dummyHash);
  return ok && user !== undefined;
}
