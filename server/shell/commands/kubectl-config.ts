// `kubectl config current-context | get-contexts | use-context | set-context --current
// --namespace=NS`. The kubeconfig file is shared by everyone on the host, so a player's
// context and namespace choices live in their session env (ENV_CONTEXT, ENV_NAMESPACE).
import type { CommandContext } from '../types.js';
import { currentContextName, ENV_CONTEXT, ENV_NAMESPACE, readKubeconfig, type Kubeconfig } from './kubectl-client.js';
import { plainError, usageError } from './kubectl-errors.js';
import { printHelp } from './kubectl-help-commands.js';
import { flagBool, flagString, GLOBAL_FLAGS, parseFlags, type ParsedFlags } from './kubectl-flags.js';
import { CONFIG_HELP, USE_CONTEXT_HELP } from './kubectl-help.js';
import { GET_TABWRITER, tabwrite } from './kubectl-tabwriter.js';

const EMPTY: Kubeconfig = { path: '', currentContext: '', contexts: [], clusters: [] };

/** The namespace a context shows: the player's override for their current context, else the file's. */
function namespaceOf(ctx: CommandContext, flags: ParsedFlags, config: Kubeconfig, name: string): string {
  const current = currentContextName(ctx, flags, config);
  if (name === current && ctx.session.env[ENV_NAMESPACE]) return ctx.session.env[ENV_NAMESPACE];
  return config.contexts.find((c) => c.name === name)?.namespace ?? '';
}

function getContexts(ctx: CommandContext, flags: ParsedFlags, config: Kubeconfig): number {
  const current = currentContextName(ctx, flags, config);
  const wanted = flags.args.slice(1);
  const output = flagString(flags, 'output') ?? '';
  if (output !== '' && output !== 'name') return plainError(ctx, `output must be one of '' or 'name': ${output}`);
  const all = [...config.contexts].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const shown = wanted.length ? all.filter((c) => wanted.includes(c.name)) : all;
  const missing = wanted.filter((w) => !all.some((c) => c.name === w));
  if (output === 'name') ctx.out(shown.map((c) => `${c.name}\n`).join(''));
  else {
    let text = flagBool(flags, 'no-headers') ? '' : 'CURRENT\tNAME\tCLUSTER\tAUTHINFO\tNAMESPACE\n';
    for (const c of shown) text += `${c.name === current ? '*' : ''}\t${c.name}\t${c.cluster}\t${c.user}\t${namespaceOf(ctx, flags, config, c.name)}\n`;
    ctx.out(tabwrite(text, GET_TABWRITER));
  }
  if (missing.length) return plainError(ctx, `context ${missing[0]} not found`);
  return 0;
}

export function runConfig(ctx: CommandContext, argv: string[]): number {
  const parsed = parseFlags(argv, [
    ...GLOBAL_FLAGS,
    { name: 'current', type: 'bool' }, { name: 'output', short: 'o', type: 'string' }, { name: 'no-headers', type: 'bool' },
  ]);
  if (!parsed.ok) return usageError(ctx, 'kubectl config', parsed.error);
  const flags = parsed.flags;
  const sub = flags.args[0];
  if (flagBool(flags, 'help')) return printHelp(ctx, sub === undefined ? 'config' : `config ${sub === 'use' ? 'use-context' : sub}`);
  if (sub === undefined) {
    ctx.err(CONFIG_HELP);
    return 1;
  }
  const kc = readKubeconfig(ctx, flags);
  if (!kc.ok) return plainError(ctx, kc.error);
  const config = kc.config ?? EMPTY;
  const env = ctx.session.env;
  switch (sub) {
    case 'current-context': {
      const name = currentContextName(ctx, flags, config);
      if (!name) return plainError(ctx, 'current-context is not set');
      ctx.out(`${name}\n`);
      return 0;
    }
    case 'get-contexts':
      return getContexts(ctx, flags, config);
    case 'use-context':
    case 'use': {
      const name = flags.args[1];
      if (name === undefined) {
        ctx.err(USE_CONTEXT_HELP);
        return 1;
      }
      if (!config.contexts.some((c) => c.name === name)) return plainError(ctx, `no context exists with the name: "${name}"`);
      env[ENV_CONTEXT] = name;
      delete env[ENV_NAMESPACE];
      ctx.out(`Switched to context "${name}".\n`);
      return 0;
    }
    case 'set-context': {
      const current = flagBool(flags, 'current');
      const name = current ? currentContextName(ctx, flags, config) : flags.args[1];
      if (!name) return plainError(ctx, 'you must specify a non-empty context name or --current');
      if (!current || flags.args.length > 1) return plainError(ctx, 'only --current --namespace=NS is supported by this simulator');
      const ns = flagString(flags, 'namespace');
      if (ns !== undefined) env[ENV_NAMESPACE] = ns;
      ctx.out(`Context "${name}" modified.\n`);
      return 0;
    }
    default:
      return plainError(ctx, `unknown command "${sub}"\nSee 'kubectl config -h' for help and examples`);
  }
}
