// `kubectl get --raw PATH`: a GET through the REST client whose body goes to stdout as the
// API server wrote it; a failure is the Status it sent, or for a body that is no Status
// (a failing /readyz), client-go's generic error quoting it.
import { rawGet } from '../../sim/k8s/apiserver-wire.js';
import type { Status } from '../../sim/k8s/apiserver.js';
import type { CommandContext } from '../types.js';
import { plainError, reportErrors } from './kubectl-errors.js';
import { flagBool, flagString, type ParsedFlags } from './kubectl-flags.js';
import { connectWith } from './kubectl-rest.js';

/** Go's %q of a string (printable ASCII kept, the usual escapes, \u for the rest). */
function goQuote(s: string): string {
  const esc: Record<string, string> = { '"': '\\"', '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };
  return `"${[...s].map((c) => esc[c] ?? (c < ' ' ? `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}` : c)).join('')}"`;
}

/** url.ParseRequestURI: an absolute path or an absolute URL. */
const validRequestUri = (raw: string) => raw.startsWith('/') || /^[A-Za-z][A-Za-z0-9+.-]*:/.test(raw);

export function runRaw(ctx: CommandContext, flags: ParsedFlags, raw: string): number {
  if (flags.args.length) return plainError(ctx, 'arguments may not be passed when --raw is specified');
  if (flagBool(flags, 'watch') || flagBool(flags, 'watch-only') || flagString(flags, 'selector')) {
    return plainError(ctx, '--raw may not be specified with other flags that filter the server request or alter the output');
  }
  if (flagString(flags, 'output')) return plainError(ctx, '--raw and --output are mutually exclusive');
  if (!validRequestUri(raw)) return plainError(ctx, `--raw must be a valid URL path: parse ${goQuote(raw)}: invalid URI for request`);
  const opened = connectWith(ctx, flags, 0);
  if (typeof opened === 'number') return opened;
  const path = raw.startsWith('/') ? raw : raw.replace(/^[A-Za-z][A-Za-z0-9+.-]*:(\/\/[^/?#]*)?/, '') || '/';
  const res = rawGet(ctx.world, path);
  if (res.status >= 200 && res.status < 300) {
    ctx.out(res.body);
    return 0;
  }
  if (res.contentType === 'application/json') {
    try {
      const status = JSON.parse(res.body) as Status;
      if (status.kind === 'Status') return reportErrors(ctx, [{ status }]);
    } catch {
      // not a Status: the generic error below
    }
  }
  const message = res.status === 500
    ? `an error on the server (${goQuote(res.body.trim())}) has prevented the request from succeeding`
    : `the server responded with the status code ${res.status} but did not return more information`;
  return reportErrors(ctx, [{ status: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason: res.status === 500 ? 'InternalError' : 'Unknown', code: res.status } }]);
}
