import { UsageError, type CliCommand, type CliContext } from './io';

/**
 * `moe-aep <command>`: every command lives in its own module under ./commands and is loaded only
 * when it is run, so `moe-aep validate` does not pay for undici or the emulator.
 */
const commands: Record<string, { summary: string; load: () => Promise<CliCommand> }> = {
  validate: { summary: 'check MoEngage payload files (JSON or NDJSON)', load: async () => (await import('./commands/validate')).default },
  transform: { summary: 'run a Data Prep mapping on a payload and print the XDM', load: async () => (await import('./commands/transform')).default },
  eval: { summary: 'evaluate one Data Prep expression', load: async () => (await import('./commands/eval')).default },
  mapping: { summary: 'mapping convert <in> --to csv|json', load: async () => (await import('./commands/mapping')).default },
  send: { summary: 'send payloads to an AEP streaming endpoint', load: async () => (await import('./commands/send')).default },
  emulator: { summary: 'run the local AEP streaming + IMS emulator', load: async () => (await import('./commands/emulator')).default },
  bundle: { summary: 'export the MoEngage handoff bundle (.zip)', load: async () => (await import('./commands/bundle')).default },
};

function usage(): string {
  const lines = ['usage: moe-aep <command> [options]', '', 'commands:'];
  for (const [name, c] of Object.entries(commands)) lines.push(`  ${name.padEnd(10)} ${c.summary}`);
  lines.push('', 'Run `moe-aep <command> --help` for the options of one command.');
  return lines.join('\n');
}

export async function main(argv: string[], ctx: CliContext): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    ctx.stdout(usage() + '\n');
    return name ? 0 : 2;
  }
  if (name === '--version') {
    ctx.stdout(`${process.env.MOE_AEP_VERSION ?? '0.1.0'}\n`);
    return 0;
  }
  const cmd = commands[name];
  if (!cmd) {
    ctx.stderr(`moe-aep: unknown command "${name}"\n${usage()}\n`);
    return 2;
  }
  try {
    const run = await cmd.load();
    return await run(rest, ctx);
  } catch (e) {
    if (e instanceof UsageError) {
      ctx.stderr(`moe-aep ${name}: ${e.message}\n`);
      return 2;
    }
    const err = e as Error;
    // Unexpected: still one readable line; the stack only with MOE_AEP_DEBUG=1.
    ctx.stderr(`moe-aep ${name}: internal error: ${err?.message ?? String(e)}\n`);
    if (ctx.env.MOE_AEP_DEBUG) ctx.stderr(`${err?.stack}\n`);
    return 70;
  }
}

if (require.main === module) {
  const ac = new AbortController();
  process.once('SIGINT', () => ac.abort());
  process.once('SIGTERM', () => ac.abort());
  main(process.argv.slice(2), {
    stdout: (s) => process.stdout.write(s),
    stderr: (s) => process.stderr.write(s),
    env: process.env,
    cwd: process.cwd(),
    signal: ac.signal,
  }).then(
    (code) => {
      process.exitCode = code;
    },
    (e) => {
      process.stderr.write(`moe-aep: ${String(e)}\n`);
      process.exitCode = 70;
    },
  );
}
