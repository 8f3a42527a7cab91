/**
 * Ubuntu's command-not-found on the lab's nodes (Ubuntu 22.04): /etc/bash.bashrc gives an
 * interactive bash a command_not_found_handle that runs /usr/lib/command-not-found, so a name bash
 * cannot find is answered by it, not by bash (`bash -c`, as `ssh NODE 'cmd'` runs, returns before
 * the handler is defined). Its advice comes from the archive's command database and from
 * `snap advise-snap` (CommandNotFound.py's advise()): the command itself, or failing that its
 * spelling variants at edit distance 1 (norvig's similar_words, the same in snapd's advisor).
 * Only entries whose answer is known are listed below; any other name gets the script's plain
 * `NAME: command not found`. Root sees `apt install` and `snap install` without `sudo`.
 */

/** Snaps by command: the snap and the stable version the catalog listed in May 2024 (guessed). */
const SNAPS: Record<string, { snap: string; version: string }> = {
  kubectl: { snap: 'kubectl', version: '1.30.0' },
};

/** Archive packages by command, for commands the nodes lack and no snap offers. */
const DEBS: Record<string, string> = {
  etcdctl: 'etcd-client',
};

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz-_0123456789';

/** Every word one delete, transposition, replacement or insertion away (similar_words). */
function similarWords(word: string): Set<string> {
  const out = new Set<string>();
  for (let i = 0; i <= word.length; i++) {
    const a = word.slice(0, i);
    const b = word.slice(i);
    if (b) out.add(a + b.slice(1));
    if (b.length > 1) out.add(a + b[1] + b[0] + b.slice(2));
    for (const c of ALPHABET) {
      if (b) out.add(a + c + b.slice(1));
      out.add(a + c + b);
    }
  }
  return out;
}

/** What the handler prints for a name bash did not find (stderr; the status stays 127). */
export function commandNotFoundText(name: string): string {
  const snap = SNAPS[name];
  const deb = DEBS[name];
  if (snap) return `Command '${name}' not found, but can be installed with:\nsnap install ${snap.snap}\n`;
  if (deb) return `Command '${name}' not found, but can be installed with:\napt install ${deb}\n`;
  // Misspellings, from snapd's advisor. (The archive's suggestions print each package's version,
  // which is not known here: a name near a deb command alone gets the plain answer.)
  const snaps = [...similarWords(name)].filter((w) => SNAPS[w]).sort();
  if (!snaps.length) return `${name}: command not found\n`;
  let text = `Command '${name}' not found, did you mean:\n`;
  for (const w of snaps) text += `  command '${w}' from snap ${SNAPS[w].snap} (${SNAPS[w].version})\n`;
  return text + "See 'snap info <snapname>' for additional versions.\n";
}

/** The interactive node shell's answer to a failed lookup: command-not-found's for an unknown name. */
export function notFoundMessage(message: string, name: string): string {
  return message === `bash: ${name}: command not found` ? commandNotFoundText(name).replace(/\n$/, '') : message;
}
