import type { Command } from 'commander';
import { runStages } from '../../pipeline/all-stages.js';
import { STAGES } from '../../pipeline/stages.js';
import { caseOptions, openCase } from '../common.js';
import { UserError } from '../errors.js';
import { printJson, writeText } from '../output.js';
import { runTeamStages, TEAM_STAGES, type TeamStage, teamStagesLines } from '../stages-team.js';
import { openTeamCase, type TeamOptions, teamOptions } from '../team.js';

export function register(program: Command): void {
  const analyze = caseOptions(
    program
      .command('analyze')
      .description('Run (again) the analysis stages over the case: verify, metadata, triage')
      .option('--only <stages>', 'comma-separated stage names')
      .option('--dns', 'allow live DNS lookups for missing DKIM keys')
      .option('--json', 'JSON output'),
  );
  teamOptions(analyze).option('--wait', 'team mode: wait until the workers have run the stages');
  analyze.action(
    async (
      o: {
        case: string;
        only?: string;
        dns?: boolean;
        json?: boolean;
        wait?: boolean;
      } & Partial<TeamOptions>,
    ) => {
      if (o.database || o.queue) return analyzeTeam(o as TeamOptions & typeof o);
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
    },
  );
}

/** `analyze --database URL --queue URL`: the stages that run as team jobs (verify, OCR, metadata, triage). */
async function analyzeTeam(
  o: TeamOptions & { only?: string; dns?: boolean; json?: boolean; wait?: boolean },
) {
  if (o.dns)
    throw new UserError('team stages run offline on the archived keys: --dns is for a case directory');
  const asked = o.only ? o.only.split(',').map((s) => s.trim()) : [...TEAM_STAGES];
  const unknown = asked.filter((s) => !TEAM_STAGES.includes(s as TeamStage));
  if (unknown.length)
    throw new UserError(
      `stage(s) ${unknown.join(', ')} do not run on a team case yet: only ${TEAM_STAGES.join(', ')}`,
    );
  const store = await openTeamCase(o);
  try {
    const r = await runTeamStages(store, asked as TeamStage[], o);
    if (o.json) return printJson({ caseName: o.caseName, ...r });
    writeText(`${teamStagesLines(r, o).join('\n')}\n`);
  } finally {
    await store.close();
  }
}
