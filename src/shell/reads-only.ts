/**
 * Command lines that only look at the world. After one of them the interpreter skips the reconcile
 * when the world was already settled (controllersSettled): there is nothing new for the controllers
 * or BIRD to see, and at 500 nodes BIRD's watch over every host was a third of what `ip r` or
 * `birdcl show route` cost. A line is listed here only when no form of it changes the world; when
 * in doubt it is left out (the reconcile runs, as for every other command).
 */

/** iproute2 verbs that change something, by any prefix the student may type (`ip r a` is add). */
const IP_CHANGES = ['add', 'append', 'change', 'del', 'delete', 'flush', 'prepend', 'replace', 'restore', 'save', 'set'];

/** Text tools that read their input or files and write only to their output. */
const FILTERS = new Set(['cat', 'grep', 'egrep', 'fgrep', 'head', 'tail', 'wc', 'cut', 'tr', 'uniq', 'less', 'more']);

const KUBECTL_READS = new Set(['get', 'describe', 'version', 'api-resources', 'explain']);

/** Whether the command `name` (the program, however it was typed) with these arguments only reads the world. */
export function onlyReads(name: string, args: string[]): boolean {
  if (FILTERS.has(name)) return true;
  // BIRD's client here answers `show` only; anything else is a syntax error.
  if (name === 'birdcl' || name === 'birdc') return true;
  const words = args.filter((a) => !a.startsWith('-'));
  if (name === 'ip') {
    // `ip [OPTIONS] OBJECT [COMMAND ...]`: no command means show.
    const verb = words[1];
    return verb === undefined || !IP_CHANGES.some((v) => v.startsWith(verb));
  }
  if (name === 'calicoctl') {
    const [verb, what] = words;
    return verb === 'get' || verb === 'version' || (verb === 'node' && what === 'status') || (verb === 'ipam' && what === 'show');
  }
  if (name === 'kubectl') {
    // A flag's value before the verb (`kubectl -n kube-system get`) is not told from a verb: left out.
    return KUBECTL_READS.has(words[0]);
  }
  return false;
}
