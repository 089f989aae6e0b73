import * as fs from 'node:fs';
import * as path from 'node:path';
import { formatHuman, formatOption, parseArgs, readInputFile, toJsonDiagnostic, UsageError, type CliCommand } from '../io';
import { buildHandoffBundle, formatProblems } from '../../core/handoff/bundle';
import { INTEGRATION_FILE, parseIntegrationFile, SECRET_ENV_VAR } from '../../core/handoff/integrationFile';

const HELP = `usage: moe-aep bundle [--workspace DIR] [--env NAME] [--out FILE.zip] [--include-secret] [--format human|json]

Exports the MoEngage handoff bundle (seed Step 7): HANDOFF.md, handoff.json, the schema JSON,
the mapping as CSV and mapping-set JSON, the verified test payload and its AEP response.
Refuses with the list of what is missing when the details are incomplete or inconsistent.

  --workspace DIR     folder holding ${INTEGRATION_FILE} (default: current folder)
  --env NAME          environment to export (default: activeEnvironment)
  --out FILE.zip      where to write (default: moengage-handoff-<env>.zip in the workspace)
  --include-secret    put the OAuth client secret into the bundle; it is read ONLY from the
                      ${SECRET_ENV_VAR} environment variable, never from the command line
  --format json       print the result as JSON

exit codes: 0 written, 1 refused (incomplete), 2 usage error or unreadable input`;

const run: CliCommand = async (args, ctx) => {
  const { opts, positionals } = parseArgs(args, {
    help: 'boolean',
    workspace: 'string',
    env: 'string',
    out: 'string',
    'include-secret': 'boolean',
    format: 'string',
  });
  if (opts.help) {
    ctx.stdout(HELP + '\n');
    return 0;
  }
  if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}" (see --help)`);
  const format = formatOption(opts.format);
  const workspaceDir = path.resolve(ctx.cwd, (opts.workspace as string | undefined) ?? '.');
  let secret: { secret: string } | undefined;
  if (opts['include-secret']) {
    const s = ctx.env[SECRET_ENV_VAR];
    if (!s) throw new UsageError(`--include-secret needs the client secret in the ${SECRET_ENV_VAR} environment variable (it is never taken from the command line)`);
    secret = { secret: s };
  }
  const profilePath = path.join(workspaceDir, INTEGRATION_FILE);
  const parsed = parseIntegrationFile(readInputFile(profilePath));
  const shown = path.relative(ctx.cwd, profilePath) || INTEGRATION_FILE;
  if (!parsed.file) {
    if (format === 'json') ctx.stdout(JSON.stringify({ written: false, diagnostics: parsed.diagnostics.map((d) => toJsonDiagnostic(shown, d)) }, null, 2) + '\n');
    else for (const d of parsed.diagnostics) ctx.stderr(formatHuman(shown, d) + '\n');
    return 2;
  }
  const environment = (opts.env as string | undefined) ?? parsed.file.activeEnvironment;
  const result = await buildHandoffBundle({ workspaceDir, profile: parsed.file, environment, includeSecret: secret });
  if (!result.zip) {
    if (format === 'json') ctx.stdout(JSON.stringify({ written: false, environment, problems: result.problems }, null, 2) + '\n');
    else {
      ctx.stderr(`moe-aep bundle: not exported — ${result.problems.length} thing${result.problems.length === 1 ? '' : 's'} to fix for environment "${environment}":\n`);
      for (const line of formatProblems(result.problems)) ctx.stderr(`  - ${line}\n`);
    }
    return 1;
  }
  const out = path.resolve(ctx.cwd, (opts.out as string | undefined) ?? path.join(workspaceDir, `moengage-handoff-${environment}.zip`));
  try {
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, result.zip);
  } catch (e) {
    throw new UsageError(`${out}: cannot write (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  if (format === 'json') {
    ctx.stdout(JSON.stringify({ written: true, out, environment, bytes: result.zip.length, files: result.files.map((f) => f.name), secretIncluded: Boolean(secret) }, null, 2) + '\n');
  } else {
    ctx.stdout(`wrote ${path.relative(ctx.cwd, out) || out} (${result.zip.length} bytes, ${result.files.length} files) for environment "${environment}"\n`);
    if (secret) ctx.stderr('moe-aep bundle: WARNING: the bundle contains the OAuth client secret; share it only through a secure channel.\n');
  }
  return 0;
};
export default run;
