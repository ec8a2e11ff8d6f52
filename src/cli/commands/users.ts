import type { Command } from 'commander';
import { ROLES, type Role } from '../../accounts/roles.js';
import { Users } from '../../accounts/users.js';
import { caseOptions, oneOf } from '../common.js';
import { UserError } from '../errors.js';
import { printJson, table, writeText } from '../output.js';
import { readPassword } from '../password-input.js';
import { databaseOptions, openCaseDb, type TeamOptions } from '../team.js';

type Opts = TeamOptions & { case: string; json?: boolean };

/** Runs `fn` on the case's accounts (directory or --database), closing the case after. */
async function withUsers<T>(o: Opts, fn: (users: Users) => Promise<T>): Promise<T> {
  const c = await openCaseDb(o);
  try {
    return await fn(new Users(c.db));
  } finally {
    await c.close();
  }
}

const target = (cmd: Command) => databaseOptions(caseOptions(cmd)).option('--json', 'JSON output');

/** `leaklens users add|list|remove|role|password`: the accounts of one case (docs/workbench.md). */
export function register(program: Command): void {
  const users = program
    .command('users')
    .description('manage who may use the workbench of a case, and their role (reader, editor, admin)');

  target(
    users
      .command('add <name>')
      .description('add a user; the password is read from the terminal (no echo) or the first line of stdin')
      .requiredOption('--role <role>', `${ROLES.join(', ')}`, oneOf('--role', ROLES)),
  ).action(async (name: string, o: Opts & { role: Role }) => {
    const pw = await readPassword(`password for ${name}`).catch((err: Error) => {
      throw new UserError(err.message);
    });
    await withUsers(o, (u) => u.add(name, pw, o.role));
    if (o.json) printJson({ added: name, role: o.role });
    else writeText(`added ${name} (${o.role})\n`);
  });

  target(users.command('list').description('list the users of the case with their role')).action(
    async (o: Opts) => {
      const rows = await withUsers(o, (u) => u.list());
      if (o.json) return printJson(rows);
      if (!rows.length) return writeText('No users: the workbench runs in local mode (127.0.0.1 only).\n');
      writeText(
        `${table(
          ['user', 'role', 'from', 'since'],
          rows.map((r) => [r.name, r.role, r.source, r.createdAt]),
        )}\n`,
      );
    },
  );

  target(users.command('remove <name>').description('remove a user and end their sessions')).action(
    async (name: string, o: Opts) => {
      await withUsers(o, (u) => u.remove(name));
      if (o.json) printJson({ removed: name });
      else writeText(`removed ${name}\n`);
    },
  );

  target(
    users
      .command('role <name> <role>')
      .description(`change a user's role (${ROLES.join(', ')}); applies at their next request`),
  ).action(async (name: string, role: string, o: Opts) => {
    const r = oneOf('role', ROLES)(role);
    await withUsers(o, (u) => u.setRole(name, r));
    if (o.json) printJson({ user: name, role: r });
    else writeText(`${name} is now ${r}\n`);
  });

  target(users.command('password <name>').description("set a user's password (read like add's)")).action(
    async (name: string, o: Opts) => {
      const pw = await readPassword(`new password for ${name}`).catch((err: Error) => {
        throw new UserError(err.message);
      });
      await withUsers(o, (u) => u.setPassword(name, pw));
      if (o.json) printJson({ user: name, password: 'changed' });
      else writeText(`password of ${name} changed\n`);
    },
  );
}
