import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Command, CommanderError } from 'commander';
import { terminalText } from '../util/terminal-safe.js';
import { exitStatus, UserError, userMessage } from './errors.js';

/**
 * The CLI is a thin shell over the library. Each command lives in `commands/<name>.ts` and exports
 * `register(program)`; this file loads them all, so adding a command touches no shared file.
 */
export async function buildProgram(argv: string[] = []): Promise<Command> {
  const program = new Command();
  program
    .name('leaklens')
    .description(
      'Investigate a leak-and-amplify operation offline: ingest a dump, verify e-mails (DKIM/ARC),\n' +
        'read document metadata, triage content and measure the social-media amplification.',
    )
    .version('0.1.0')
    .showHelpAfterError('(run with --help for usage)')
    .addHelpText(
      'after',
      '\nQuick start:\n  leaklens demo                 generate a fictional case and run every analysis\n  leaklens suspects             what may be forged, altered or edited by an outsider, and why\n  leaklens ingest DUMP/         load a dump into ./leaklens-case\n  leaklens search "facture"     search it\n  leaklens serve                open the workbench on http://127.0.0.1:8765\n',
    );
  const here = dirname(fileURLToPath(import.meta.url));
  const dir = join(here, 'commands');
  const ext = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
  let files = readdirSync(dir)
    .filter((f) => f.endsWith(ext) && !f.endsWith(`.test${ext}`) && !f.endsWith('.d.ts'))
    .sort();
  // Each file is named after its command. When the command is known, load only its module: the
  // others pull in heavy libraries (PDF, browser, DuckDB) that this run does not need.
  const wanted = argv.slice(2).find((a) => !a.startsWith('-'));
  if (wanted && files.includes(`${wanted}${ext}`)) files = [`${wanted}${ext}`];
  for (const f of files) {
    // One broken command must not take the others down: report it and go on.
    try {
      const mod = (await import(pathToFileURL(join(dir, f)).href)) as { register?: (p: Command) => void };
      mod.register?.(program);
    } catch (err) {
      process.stderr.write(
        `leaklens: command module ${f} could not be loaded: ${(err as Error).message.split('\n')[0]}\n`,
      );
    }
  }
  return program;
}

function onStdoutError(err: NodeJS.ErrnoException): void {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
}

export async function main(argv: string[]): Promise<number> {
  // `leaklens search x | head`: a closed pipe ends the program quietly, as for any Unix tool.
  // Once per process: main() runs more than once when tests drive the CLI in-process.
  if (!process.stdout.listeners('error').includes(onStdoutError)) process.stdout.on('error', onStdoutError);
  const program = await buildProgram(argv);
  // Every command, not only the program: commander copies settings to subcommands when they are
  // created, so `campaign export` without --out would otherwise call process.exit itself.
  const override = (c: Command): void => {
    c.exitOverride();
    c.commands.forEach(override);
  };
  override(program);
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode;
    if (err instanceof UserError) {
      process.stderr.write(`leaklens: ${terminalText(userMessage(err))}\n`);
      return exitStatus(err);
    }
    const e = err as Error;
    process.stderr.write(`leaklens: unexpected error: ${terminalText(e?.message ?? String(err))}\n`);
    if (process.env.LEAKLENS_DEBUG) process.stderr.write(`${e?.stack ?? ''}\n`);
    else process.stderr.write('(set LEAKLENS_DEBUG=1 for details; please report this as a bug)\n');
    return 1;
  }
}

const isEntry = process.argv[1] && /leaklens(\.js)?$|cli[\\/]main\.(ts|js)$/.test(process.argv[1]);
if (isEntry) {
  main(process.argv).then((code) => {
    process.exitCode = code;
  });
}
