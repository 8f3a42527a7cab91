/**
 * `kubectl edit TYPE NAME` (also `TYPE/NAME`, `-n NS`, `-o json`): kubectl's edit loop
 * (k8s.io/kubectl/pkg/cmd/util/editor/editoptions.go). The object goes into a temporary file
 * under /tmp with kubectl's header comment; the terminal's editor opens it (the page's editor
 * drawer, a test's scripted edit) and the command waits. When the editor closes:
 * - the same text (comments aside): "Edit cancelled, no changes made.";
 * - a YAML syntax error, or an object the API server refuses: the file opens again with the
 *   reasons in its header; closing it unchanged then gives up with exit 1, the object untouched;
 * - otherwise each object is written and printed `<kind.group>/<name> edited`.
 * Ctrl-C while the editor is open ends kubectl (exit 130) and leaves its file behind, as SIGINT does.
 */
import { parse } from 'yaml';
import type { CommandContext } from '../../context';
import type { Json, KObj } from '../../../emulator/k8s/objects';
import { jsonEqual, storeGet, storeList } from '../../../emulator/k8s/objects';
import type { KindInfo } from '../../../emulator/k8s/kinds';
import { manifestApply, manifestParse } from '../../../emulator/k8s/apply';
import { fsMkdirP, fsRemove, fsWrite } from '../../../emulator/fs';
import { rngString } from '../../../emulator/random';
import { toKubectlJson, toKubectlYaml } from '../../format/yaml-json';
import type { ParsedArgs } from './args';
import type { Verb } from './common';
import { NO_RESOURCE, fail, namespaceOf, notFound, resourceName, typedName } from './common';
import { requestsParse } from './get';

const HEADER = `# Please edit the object below. Lines beginning with a '#' will be ignored,
# and an empty file will abort the edit. If an error occurs while saving this file will be
# reopened with the relevant failures.
#
`;

/** Why the file is opened again: one headline, and the API server's causes under it. */
interface EditReason {
  head: string;
  other: string[];
}

/** editHeader.writeTo: the fixed text, then each reason (multi-line texts stay comments). */
function headerText(reasons: EditReason[]): string {
  const hash = (s: string) => s.replace(/\n(?!#)/g, '\n# ');
  let text = HEADER;
  for (const r of reasons) {
    text += `# ${hash(r.head)}${r.other.length ? ':' : ''}\n`;
    for (const o of r.other) text += `# * ${hash(o)}\n`;
    text += '#\n';
  }
  return text;
}

/** cmdutil.ManualStrip: the file without its comment lines (`#!` stays). */
function manualStrip(text: string): string {
  return text
    .split('\n')
    .filter((l) => !(l.trim().startsWith('#') && !l.trim().startsWith('#!')))
    .join('\n');
}

/** cmdutil.StripComments: the YAML as JSON (so layout and comments do not count), else ManualStrip. */
function stripComments(text: string): string {
  try {
    return JSON.stringify(parse(text, { version: '1.1' }) ?? null);
  } catch {
    return manualStrip(text);
  }
}

/** hasLines: anything besides blank lines and comments. */
function hasLines(text: string): boolean {
  return text.split('\n').some((l) => l.trim() !== '' && !l.trim().startsWith('#'));
}

/** The objects named on the command line, as kubectl's builder finds them. */
function objectsOf(ctx: CommandContext, a: ParsedArgs): { ok: true; items: { info: KindInfo; obj: KObj }[] } | { ok: false; error: string } {
  const parsed = requestsParse(ctx, a.args);
  if (!parsed.ok) return parsed;
  const api = ctx.world.state.api;
  const ns = namespaceOf(a);
  const items: { info: KindInfo; obj: KObj }[] = [];
  for (const req of parsed.reqs) {
    const nsOf = req.info.namespaced ? ns : undefined;
    if (req.names.length === 0) {
      for (const obj of storeList(api, req.info.stored, nsOf)) items.push({ info: req.info, obj });
      continue;
    }
    for (const name of req.names) {
      const obj = storeGet(api, req.info.stored, nsOf, name);
      if (!obj) return { ok: false, error: notFound(req.info, name) };
      items.push({ info: req.info, obj });
    }
  }
  return { ok: true, items };
}

/** os.CreateTemp's name for kubectl's file: `kubectl-edit-` + 5 random letters or digits. */
function tempFile(ctx: CommandContext, ext: string): string {
  fsMkdirP(ctx.node.fs, '/tmp', ctx.world.now);
  return `/tmp/kubectl-edit-${rngString(ctx.world.state.rng, 'abcdefghijklmnopqrstuvwxyz0123456789', 5)}${ext}`;
}

/** The editor kubectl would start: $KUBE_EDITOR, else $EDITOR, else vi. */
function editorName(ctx: CommandContext): string {
  return ctx.shell.env.KUBE_EDITOR || ctx.shell.env.EDITOR || 'vi';
}

async function run(ctx: CommandContext, a: ParsedArgs): Promise<number> {
  if (a.args.length === 0) return fail(ctx, NO_RESOURCE);
  const output = (a.flags.output as string | undefined) ?? 'yaml';
  if (output !== 'yaml' && output !== 'json') {
    return fail(ctx, `error: unable to match a printer suitable for the output format "${output}", allowed formats are: json,yaml`);
  }
  const found = objectsOf(ctx, a);
  if (!found.ok) return fail(ctx, found.error);
  const infos = found.items;
  if (infos.length === 0) return fail(ctx, 'error: edit cancelled, no objects found');
  const ns = namespaceOf(a);
  const shown: Json =
    infos.length === 1 ? infos[0].obj : { apiVersion: 'v1', items: infos.map((i) => i.obj), kind: 'List', metadata: {} };
  const json = output === 'json';
  const body = json ? toKubectlJson(shown) : toKubectlYaml(shown);

  /** The previous pass's file, kept while its errors are being fixed. */
  let kept = '';
  const remove = (path: string) => path && fsRemove(ctx.node.fs, path);
  /** preservedFile: says where the student's text stays, then fails with kubectl's message. */
  const preserved = (message: string, path: string) => {
    if (path) ctx.err(`A copy of your changes has been stored to "${path}"\n`);
    return fail(ctx, message);
  };

  let reasons: EditReason[] = [];
  let containsError = false;
  let original = '';
  let edited = '';
  for (;;) {
    const header = json ? '' : headerText(reasons);
    const text = containsError ? header + manualStrip(edited) : header + body;
    if (!containsError) original = text;
    const path = tempFile(ctx, json ? '.json' : '.yaml');
    fsWrite(ctx.node.fs, path, text, ctx.world.now);
    const answer = ctx.editor ? await ctx.editor({ node: ctx.node.name, path, content: text }) : null;
    if (answer === 'interrupted') return 130;
    if (answer === null) return preserved(`error: unable to launch the editor "${editorName(ctx)}"`, kept);
    fsWrite(ctx.node.fs, path, answer, ctx.world.now);
    const before = edited;
    edited = answer;
    if (containsError && stripComments(before) === stripComments(edited)) {
      return preserved('error: Edit cancelled, no valid changes were saved.', path);
    }
    remove(kept);
    kept = '';
    if (stripComments(original) === stripComments(edited)) {
      remove(path);
      ctx.err('Edit cancelled, no changes made.\n');
      return 0;
    }
    if (!hasLines(edited)) {
      remove(path);
      ctx.err('Edit cancelled, saved file was empty.\n');
      return 0;
    }
    kept = path;
    reasons = [];
    const docs = manifestParse(edited);
    if (!docs.ok) {
      const e = docs.error;
      const why = e.type === 'yaml' ? `error converting YAML to JSON: yaml: ${e.problem}` : 'invalid object';
      reasons.push({ head: `The edited file had a syntax error: error parsing edited-file: ${why}`, other: [] });
      containsError = true;
      continue;
    }
    containsError = false;
    let invalid = false;
    for (const doc of docs.docs) {
      const meta = doc?.metadata ?? {};
      const orig =
        infos.find((i) => meta.uid !== undefined && i.obj.metadata.uid === meta.uid) ?? (infos.length === 1 ? infos[0] : infos.find((i) => i.obj.metadata.name === meta.name));
      if (!orig) return preserved(`error: no original object found for ${JSON.stringify(doc)}`, kept);
      const { info, obj } = orig;
      // The merge patch's preconditions: apiVersion, kind and name stay as they were.
      if (doc.apiVersion !== obj.apiVersion || doc.kind !== obj.kind || meta.name !== obj.metadata.name) {
        return preserved('error: At least one of apiVersion, kind and name was changed', kept);
      }
      if (info.namespaced && (meta.namespace ?? ns) !== (obj.metadata.namespace ?? ns)) {
        return preserved(
          `error: the namespace from the provided object "${meta.namespace}" does not match the namespace "${ns}". You must pass '--namespace=${meta.namespace}' to perform this operation.`,
          kept,
        );
      }
      if (jsonEqual(doc, obj)) {
        ctx.out(`${typedName(info, obj.metadata.name)} skipped\n`);
        continue;
      }
      const r = manifestApply(ctx.world, JSON.stringify(doc), obj.metadata.namespace ?? ns);
      if (!r.ok) {
        const causes = r.error.type === 'invalid' ? r.error.causes : [];
        reasons.push({ head: `${resourceName(info)} "${obj.metadata.name}" was not valid`, other: causes });
        ctx.err(`error: ${resourceName(info)} "${obj.metadata.name}" is invalid\n`);
        invalid = true;
        continue;
      }
      ctx.out(`${typedName(info, obj.metadata.name)} edited\n`);
    }
    if (!invalid) {
      remove(kept);
      return 0;
    }
    containsError = true;
  }
}

export const edit: Verb = {
  name: 'edit',
  summary: 'Edit a resource on the server',
  server: 'discovery',
  flags: { output: { type: 'string', short: 'o' }, 'output-patch': { type: 'bool' }, 'windows-line-endings': { type: 'bool' }, 'save-config': { type: 'bool' }, validate: { type: 'string' } },
  run,
};
