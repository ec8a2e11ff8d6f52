import { randomBytes } from 'node:crypto';
import {
  COUNT_USERS,
  DELETE_USER,
  DELETE_USER_SESSIONS,
  INSERT_USER,
  SELECT_FILE_USERS,
  SELECT_USER,
  SELECT_USERS,
  UPDATE_HASH,
  UPDATE_ROLE,
  UPSERT_FILE_USER,
} from '../case/sql/accounts.js';
import type { SqlDb } from '../case/sql-db.js';
import { UserError } from '../core/errors.js';
import { hashPassword, verifyPassword } from './password.js';
import { isRole, ROLES, type Role } from './roles.js';

export interface Account {
  name: string;
  role: Role;
  /** `cli` (leaklens users add) or `file` (a users.json entry, which follows the file). */
  source: 'cli' | 'file';
  createdAt: string;
}

/** A users.json entry: name, scrypt hash, and optionally a role (editor when absent). */
export interface FileUser {
  name: string;
  hash: string;
  role?: Role;
}

/** Role of users.json entries that name none: what every user of a users file could do before roles. */
export const FILE_USER_ROLE: Role = 'editor';
const NAME = /^[\p{L}\p{N}._@-]{1,64}$/u;
export const MIN_PASSWORD = 8;

/**
 * The accounts of one case, on SQLite or PostgreSQL. Passwords are hashed with scrypt
 * (memory-hard, RFC 7914; parameters in web/auth.ts) before they reach the database.
 * @example
 * const users = new Users(db);
 * await users.add('ana', 'correct horse battery', 'editor');
 */
export class Users {
  constructor(private readonly db: SqlDb) {}

  async add(name: string, password: string, role: Role): Promise<void> {
    checkName(name);
    checkPassword(password);
    if (!isRole(role)) throw new UserError(`unknown role "${role}": one of ${ROLES.join(', ')}`);
    const hash = await hashPassword(password);
    const r = await this.db.run(INSERT_USER, [name, hash, role, 'cli', new Date().toISOString()]);
    if (!r.changes) throw new UserError(`user "${name}" already exists (leaklens users role/remove)`);
  }

  async setPassword(name: string, password: string): Promise<void> {
    checkPassword(password);
    const r = await this.db.run(UPDATE_HASH, [await hashPassword(password), name]);
    if (!r.changes) throw new UserError(`no user "${name}"`, 'not-found');
  }

  async list(): Promise<Account[]> {
    return this.db.all<Account>(SELECT_USERS);
  }

  async get(name: string): Promise<(Account & { hash: string }) | undefined> {
    return this.db.get(SELECT_USER, [name]);
  }

  async count(): Promise<number> {
    return Number((await this.db.get<{ n: number }>(COUNT_USERS))?.n ?? 0);
  }

  async setRole(name: string, role: Role): Promise<void> {
    if (!isRole(role)) throw new UserError(`unknown role "${role}": one of ${ROLES.join(', ')}`);
    const r = await this.db.run(UPDATE_ROLE, [role, name]);
    if (!r.changes) throw new UserError(`no user "${name}"`, 'not-found');
  }

  /**
   * Removes a user and ends their sessions in every server process. Sessions first: a session
   * only counts while its user exists (SELECT_SESSION joins users), so no order leaves one alive.
   */
  async remove(name: string): Promise<void> {
    await this.db.run(DELETE_USER_SESSIONS, [name]);
    const r = await this.db.run(DELETE_USER, [name]);
    if (!r.changes) throw new UserError(`no user "${name}"`, 'not-found');
  }

  /**
   * Brings the accounts of a users.json file into the case: each entry is added or updated (hash,
   * role), and an account that came from a file but is no longer in it (or served without a file)
   * is removed with its sessions, so deleting a line of the file still revokes that person.
   */
  async syncFile(entries: readonly FileUser[]): Promise<void> {
    await this.db.transaction(async (tx) => {
      const now = new Date().toISOString();
      for (const u of entries)
        await tx.run(UPSERT_FILE_USER, [u.name, u.hash, u.role ?? FILE_USER_ROLE, now]);
      const keep = new Set(entries.map((u) => u.name));
      for (const { name } of await tx.all<{ name: string }>(SELECT_FILE_USERS)) {
        if (keep.has(name)) continue;
        await tx.run(DELETE_USER, [name]);
        await tx.run(DELETE_USER_SESSIONS, [name]);
      }
    });
  }

  /**
   * The account when the password is right, else undefined. An unknown name is checked against a
   * dummy hash, so a login takes as long whether or not the user exists.
   */
  async verify(name: string, password: string): Promise<Account | undefined> {
    const user = await this.get(name);
    dummyHash ??= await hashPassword(randomBytes(8).toString('hex'));
    const ok = await verifyPassword(password, user?.hash ?? dummyHash);
    if (!ok || !user) return undefined;
    return { name: user.name, role: user.role, source: user.source, createdAt: user.createdAt };
  }
}

let dummyHash: string | undefined;

function checkName(name: string): void {
  if (!NAME.test(name))
    throw new UserError(`user name "${name.slice(0, 80)}": 1–64 letters, digits, dots, dashes, @ or _`);
}

function checkPassword(pw: string): void {
  if (pw.length < MIN_PASSWORD) throw new UserError(`a password needs at least ${MIN_PASSWORD} characters`);
}
