// `kubectl explain RESOURCE[.field...]` as kubectl v1.32 does it: resolves the resource through
// discovery, reads the API server's OpenAPI v3 document of its group-version (built from
// server/sim/k8s/explain-schema.ts) and renders it with the plaintext template.
import { openApiSchemas } from '../../sim/k8s/explain-schema.js';
import { groupResource, resolveResource, servedResources, type ResourceType } from '../../sim/k8s/resources.js';
import type { Cluster } from '../../sim/k8s/types.js';
import type { CommandContext } from '../types.js';
import { connect } from './kubectl-client.js';
import { connectionRefused, plainError, usageError } from './kubectl-errors.js';
import { renderExplain } from './kubectl-explain-render.js';
import { flagBool, flagString, GLOBAL_FLAGS, parseFlags } from './kubectl-flags.js';

const FLAGS = [...GLOBAL_FLAGS, { name: 'recursive', type: 'bool' as const }, { name: 'api-version', type: 'string' as const }, { name: 'output', short: 'o', type: 'string' as const }];

export const EXPLAIN_HELP = `Describe fields and structure of various resources.

 This command describes the fields associated with each supported API resource. Fields are identified via a simple JSONPath identifier:

        <type>.<fieldName>[.<fieldName>]
        
 Information about each field is retrieved from the server in OpenAPI format.

Use "kubectl api-resources" for a complete list of supported resources.

Examples:
  # Get the documentation of the resource and its fields
  kubectl explain pods
  
  # Get all the fields in the resource
  kubectl explain pods --recursive
  
  # Get the explanation for deployment in supported api versions
  kubectl explain deployments --api-version=apps/v1
  
  # Get the documentation of a specific field of a resource
  kubectl explain pods.spec.containers
  
  # Get the documentation of resources in different format
  kubectl explain deployment --output=plaintext-openapiv2

Options:
    --api-version='':
	Use given api-version (group/version) of the resource.

    -o, --output='plaintext':
	Format in which to render the schema. Valid values are: (plaintext, plaintext-openapiv2).

    --recursive=false:
	When true, print the name of all the fields recursively. Otherwise, print the available fields with their description.

Usage:
  kubectl explain TYPE [--recursive=FALSE|TRUE] [--api-version=api-version-group] [-o|--output=plaintext|plaintext-openapiv2] [options]

Use "kubectl options" for a list of global command-line options (applies to all commands).
`;

type PathNode = { field: string } | { recursive: true } | { other: true };

const isTerminator = (c: string) => /\s/.test(c) || '.,[]$@{}'.includes(c);

/**
 * The nodes of the JSONPath `{.<s>}` as explain parses its argument (client-go's jsonpath, one
 * trailing dot dropped): fields, `..` (recursive descent) and anything else (arrays, filters);
 * a string for a syntax error. Only fields are valid in explain, so the others are not parsed further.
 */
function pathNodes(s: string): PathNode[] | string {
  const input = `.${s.endsWith('.') ? s.slice(0, -1) : s}`;
  const nodes: PathNode[] = [];
  let i = 0;
  const readField = () => {
    let name = '';
    while (i < input.length && !isTerminator(input[i])) {
      if (input[i] === '\\') i++;
      if (i < input.length) name += input[i++];
    }
    nodes.push({ field: name });
  };
  while (i < input.length) {
    if (input.startsWith('..', i)) {
      if (nodes.length && 'recursive' in nodes[nodes.length - 1]) return 'invalid multiple recursive descent';
      i += 2;
      nodes.push({ recursive: true });
      if (i < input.length && /[\p{L}\p{N}_]/u.test(input[i])) readField();
      continue;
    }
    const c = input[i];
    if (c === '.') {
      i++;
      readField();
    } else if (c === ' ' || c === '@' || c === '$') i++;
    else if (/["'[+\-\p{L}\p{N}_]/u.test(c)) {
      nodes.push({ other: true });
      break;
    } else if (c === '}') return 'must pass in 1 jsonpath string';
    else if (c === '\n' || c === '\r') return 'unclosed action';
    else return `unrecognized character in action: U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')} '${c}'`;
  }
  return nodes;
}

const fieldsOf = (nodes: PathNode[]): string[] | undefined => (nodes.every((n) => 'field' in n) ? nodes.map((n) => (n as { field: string }).field) : undefined);

/** GroupVersionResource.String(): `apps/v1, Resource=deployments`. */
const gvrString = (group: string, version: string, resource: string) => `${group}/${version}, Resource=${resource}`;

type Target = { type: ResourceType; path: string[] } | { error: string };

const NOT_FIELD = 'invalid jsonpath syntax, first node must be field node';

/** Which resource and field path `arg` names, as explain's SplitAndParseResourceRequest[WithMatchingPrefix] do. */
function parseTarget(arg: string, cluster: Cluster | undefined, matchPrefix: boolean): Target {
  const nodes = pathNodes(arg);
  if (typeof nodes === 'string') return { error: `error: ${nodes}` };
  const first = nodes[0];
  if (!first || !('field' in first)) return { error: `error: ${NOT_FIELD}` };
  const type = resolveResource(first.field, cluster);
  // CheckErr prints a REST mapping miss without the `error: ` prefix.
  if (!type) return { error: `the server doesn't have a resource type "${first.field}"` };
  const gr = groupResource(type);
  if (matchPrefix && arg.startsWith(gr)) {
    // What follows `pods` or `deployments.apps` is parsed as a path of its own, first node dropped.
    const rest = arg.slice(gr.length);
    const restNodes = rest === '' ? [] : pathNodes(rest);
    if (typeof restNodes === 'string') return { error: `error: ${restNodes}` };
    const path = fieldsOf(restNodes.slice(1));
    return path ? { type, path } : { error: `error: ${NOT_FIELD}` };
  }
  const path = fieldsOf(nodes.slice(1));
  if (!path) return { error: `error: ${matchPrefix ? NOT_FIELD : 'invalid jsonpath syntax, all nodes must be field nodes'}` };
  return { type, path };
}

/** schema.ParseGroupVersion. */
function parseGroupVersion(gv: string): { group: string; version: string } | string {
  if (gv === '' || gv === '/') return { group: '', version: '' };
  const slashes = gv.split('/').length - 1;
  if (slashes === 0) return { group: '', version: gv };
  if (slashes === 1) return { group: gv.slice(0, gv.indexOf('/')), version: gv.slice(gv.indexOf('/') + 1) };
  return `unexpected GroupVersion string: ${gv}`;
}

export function runExplain(ctx: CommandContext, argv: string[]): number {
  const parsed = parseFlags(argv, FLAGS);
  if (!parsed.ok) return usageError(ctx, 'kubectl explain', parsed.error);
  const flags = parsed.flags;
  if (flagBool(flags, 'help')) {
    ctx.out(EXPLAIN_HELP);
    return 0;
  }
  const args = flags.args;
  if (args.length === 0) return plainError(ctx, 'You must specify the type of resource to explain. Use "kubectl api-resources" for a complete list of supported resources.');
  if (args.length > 1) return plainError(ctx, 'We accept only this format: explain RESOURCE');
  const conn = connect(ctx, flags);
  if (!conn.ok) return 'error' in conn ? plainError(ctx, conn.error) : connectionRefused(ctx, conn.refused, 2);
  const served = servedResources(ctx.world.cluster);
  const apiVersion = flagString(flags, 'api-version') ?? '';
  const target = parseTarget(args[0], ctx.world.cluster, apiVersion === '');
  if ('error' in target) {
    ctx.err(`${target.error}\n`);
    return 1;
  }
  let { group, version } = target.type;
  const format = flagString(flags, 'output') ?? 'plaintext';
  if (apiVersion !== '') {
    const gv = parseGroupVersion(apiVersion);
    if (typeof gv === 'string') return plainError(ctx, gv);
    ({ group, version } = gv);
  }
  // The old renderer reads /openapi/v2, which the simulated API server does not serve.
  if (format === 'plaintext-openapiv2') {
    ctx.err('Error from server (NotFound): the server could not find the requested resource\n');
    return 1;
  }
  const resource = target.type.resource;
  const gvServed = served.some((t) => t.group === group && t.version === version);
  if (!gvServed) return plainError(ctx, `couldn't find resource for "${gvrString(group, version, resource)}"`);
  if (format !== 'plaintext') return plainError(ctx, `unrecognized format: ${format}`);
  const type = served.find((t) => t.group === group && t.version === version && t.resource === resource);
  if (!type) return plainError(ctx, `error: GVR (${gvrString(group, version, resource)}) not found in OpenAPI schema`);
  const doc = { components: { schemas: openApiSchemas() } };
  const r = renderExplain(doc, { group, version, kind: type.kind }, target.path, flagBool(flags, 'recursive'));
  ctx.out(r.out);
  return r.error ? plainError(ctx, r.error) : 0;
}
