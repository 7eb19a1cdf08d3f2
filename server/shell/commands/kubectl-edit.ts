// `kubectl edit TYPE NAME`: the object as YAML in a temp file under /tmp, the editor from
// $KUBE_EDITOR or $EDITOR run on it (a shell command such as `sed -i s/a/b/`, the way a
// scripted or headless session edits), then the change sent as a strategic merge patch.
// A rejected change reopens the editor with the error on top, like kubectl; an editor that
// changes nothing more ends the edit.
import { parseAllDocuments } from 'yaml';
import type { Status } from '../../sim/k8s/apiserver.js';
import { deepEqual, threeWayPatch, type JsonObject } from '../../sim/k8s/patch.js';
import { readFile } from '../files.js';
import { expandWord } from '../parse.js';
import { runNested } from '../shell.js';
import type { CommandContext } from '../types.js';
import { resolveArgs } from './kubectl-args.js';
import { plainError, reportErrors } from './kubectl-errors.js';
import { flagString, type FlagSpec } from './kubectl-flags.js';
import { apiError, apiPath, getObj, isSuccess, open, printedName, write, type Obj } from './kubectl-rest.js';
import { goYaml } from './kubectl-yaml.js';

const HEADER = `# Please edit the object below. Lines beginning with a '#' will be ignored,
# and an empty file will abort the edit. If an error occurs while saving this file will be
# reopened with the relevant failures.
#
`;

const FLAGS: FlagSpec[] = [
  { name: 'output', short: 'o', type: 'string' },
  { name: 'filename', short: 'f', type: 'stringArray' },
  { name: 'recursive', short: 'R', type: 'bool' },
  { name: 'save-config', type: 'bool' },
  { name: 'validate', type: 'string' },
  { name: 'windows-line-endings', type: 'bool' },
  { name: 'output-patch', type: 'bool' },
  { name: 'subresource', type: 'string' },
  { name: 'field-manager', type: 'string' },
  { name: 'show-managed-fields', type: 'bool' },
];

const MAX_ROUNDS = 5;

const withoutComments = (text: string) => text.split('\n').filter((l) => !l.startsWith('#')).join('\n');

/** Runs the editor command on `path`; false when it failed. */
function runEditor(ctx: CommandContext, editor: string, path: string): boolean {
  const words = expandWord(editor, { env: ctx.session.env, status: 0 });
  if (!words.ok || !words.fields.length) return false;
  const status = runNested(ctx, [...words.fields, path]);
  return status === 0;
}

export function runEdit(ctx: CommandContext, argv: string[]): number {
  const opened = open(ctx, argv, 'edit', FLAGS, 5);
  if (typeof opened === 'number') return opened;
  const { client, flags } = opened;
  if (flagString(flags, 'output') !== undefined) return plainError(ctx, 'the edit command does not support -o in this simulator');
  if (!flags.args.length) return plainError(ctx, 'You must provide one or more resources by argument or filename.');
  const args = resolveArgs(flags.args, 'edit', ctx.world.cluster);
  if (!args.ok) return plainError(ctx, args.error);
  const { type: t, names } = args.targets[0];
  if (!names.length) return plainError(ctx, 'resource(s) were provided, but no name was specified');
  const got = getObj(client, t, client.namespace, names[0]);
  if (!got.ok) return reportErrors(ctx, [apiError(got.res)]);
  const original = got.obj;
  const editor = ctx.session.env.KUBE_EDITOR || ctx.session.env.EDITOR || 'vi';
  const path = `/tmp/kubectl-edit-${Math.floor(ctx.random() * 4_294_967_295)}.yaml`;
  const files = ctx.host.files;
  const resName = `${t.group ? `${t.resource}.${t.group}` : t.resource} "${original.metadata.name}"`;
  let text = HEADER + goYaml(original);
  let previous = withoutComments(text);
  for (let round = 0; round < MAX_ROUNDS; round++) {
    files[path] = text;
    if (!runEditor(ctx, editor, path)) {
      delete files[path];
      return plainError(ctx, `there was a problem with the editor "${editor}"`);
    }
    const read = readFile(ctx.host, path, ctx.session.user);
    const edited = withoutComments(read.ok ? read.text : '');
    if (edited === previous) {
      if (round === 0) {
        delete files[path];
        ctx.err('Edit cancelled, no changes made.\n');
        return 0;
      }
      ctx.err(`A copy of your changes has been stored to "${path}"\nerror: Edit cancelled, no valid changes were saved.\n`);
      return 1;
    }
    previous = edited;
    if (edited.trim() === '') {
      delete files[path];
      ctx.err('Edit cancelled, saved file was empty.\n');
      return 0;
    }
    const docs = parseAllDocuments(edited, { version: '1.1', uniqueKeys: false });
    const doc = Array.isArray(docs) ? docs[0] : undefined;
    if (!doc || doc.errors.length) {
      text = `# Please edit the object below. Lines beginning with a '#' will be ignored,\n# and an empty file will abort the edit. If an error occurs while saving this file will be\n# reopened with the relevant failures.\n#\n# The edited file had a syntax error: ${doc?.errors[0]?.message.split('\n')[0] ?? 'empty document'}\n#\n${edited}`;
      ctx.err(`error: ${resName} is invalid\n`);
      continue;
    }
    const obj = JSON.parse(JSON.stringify(doc.toJS())) as Obj;
    if (deepEqual(obj, original)) {
      delete files[path];
      ctx.err('Edit cancelled, no changes made.\n');
      return 0;
    }
    const patch = threeWayPatch(t.kind, original as JsonObject, obj as JsonObject, original as JsonObject);
    const res = write(client, { method: 'PATCH', path: apiPath(t, original.metadata.namespace, original.metadata.name), body: patch, contentType: 'application/strategic-merge-patch+json' }, 'kubectl-edit');
    if (isSuccess(res)) {
      delete files[path];
      ctx.out(printedName(t, original.metadata.name, 'edited'));
      return 0;
    }
    const status = res.body as Status;
    if (status.reason !== 'Invalid') {
      ctx.err(`error: ${resName} could not be patched: ${status.message}\nYou can run \`kubectl replace -f ${path}\` to try this update again.\n`);
      return 1;
    }
    ctx.err(`error: ${resName} is invalid\n`);
    const causes = (status.details?.causes ?? []).map((c) => `# * ${c.field}: ${c.message}\n`).join('');
    text = `${HEADER}# ${resName} was not valid:\n${causes}#\n${edited}`;
  }
  ctx.err(`A copy of your changes has been stored to "${path}"\nerror: Edit cancelled, no valid changes were saved.\n`);
  return 1;
}
