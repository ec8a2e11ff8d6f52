import type { Command } from 'commander';
import { runStages } from '../../pipeline/all-stages.js';
import { STAGES } from '../../pipeline/stages.js';
import { caseOptions, openCase } from '../common.js';
import { printJson, writeText } from '../output.js';

export function register(program: Command): void {
  caseOptions(
    program
      .command('analyze')
      .description('Run (again) the analysis stages over the case: verify, metadata, triage')
      .option('--only <stages>', 'comma-separated stage names')
      .option('--dns', 'allow live DNS lookups for missing DKIM keys')
      .option('--json', 'JSON output'),
  ).action(async (o: { case: string; only?: string; dns?: boolean; json?: boolean }) => {
    const store = openCase(o.case);
    try {
      const res = await runStages(store, {
        only: o.only?.split(',').map((s) => s.trim()),
        dns: o.dns,
        silent: o.json,
      });
      if (o.json) printJson(res);
      else
        writeText(
          `${res.length ? res.map((r) => `${r.stage}: ${r.summary}`).join('\n') : `no stages ran (available: ${STAGES.map((s) => s.name).join(', ') || 'none'})`}\n`,
        );
    } finally {
      store.close();
    }
  });
}
