/**
 * Ubuntu's command-not-found answers an unknown name in the node's interactive shell
 * (src/shell/command-not-found.ts, after CommandNotFound.py's advise()); `bash -c` (ssh NODE
 * 'cmd') and programs' own command lines (xargs) keep bash's message.
 */
import { describe, expect, it } from 'vitest';
import { commandNotFoundText } from '../src/shell/command-not-found';
import { ourTerminal } from './support/shell-oracle';

describe('command-not-found texts', () => {
  it('suggests the kubectl snap for names one edit away, as root (no sudo)', () => {
    const hint = (name: string) => `Command '${name}' not found, did you mean:\n  command 'kubectl' from snap kubectl (1.30.0)\nSee 'snap info <snapname>' for additional versions.\n`;
    for (const typo of ['kubeclt', 'kubctl', 'kubecctl', 'kubect1', 'ubectl', 'kubectll']) expect(commandNotFoundText(typo)).toBe(hint(typo));
  });

  it('prints its plain line for a name it knows nothing of, or two edits away', () => {
    expect(commandNotFoundText('asdfgh')).toBe('asdfgh: command not found\n');
    expect(commandNotFoundText('kbuectll')).toBe('kbuectll: command not found\n');
    expect(commandNotFoundText('calicoctl')).toBe('calicoctl: command not found\n');
  });

  it('names the package for a command the archive has', () => {
    expect(commandNotFoundText('etcdctl')).toBe("Command 'etcdctl' not found, but can be installed with:\napt install etcd-client\n");
  });
});

describe('who answers an unknown name', () => {
  const ours = ourTerminal();

  it('the node\'s interactive shell: command-not-found, status 127', async () => {
    expect(await ours(['kubeclt get pods; echo $?'])).toMatchObject({ out: '127\n', err: commandNotFoundText('kubeclt') });
    expect(await ours(['(nosuchcmd)'])).toMatchObject({ err: 'nosuchcmd: command not found\n', status: 127 });
  });

  it('bash -c over ssh and xargs: bash\'s own words', async () => {
    expect(await ours(["ssh k8s-node01 'kubeclt'"])).toMatchObject({ err: 'bash: line 1: kubeclt: command not found\n', status: 127 });
    expect(await ours(['echo a | xargs nosuchcmd'])).toMatchObject({ err: 'xargs: nosuchcmd: No such file or directory\n', status: 127 });
    expect(await ours(['./nosuch'])).toMatchObject({ err: 'bash: ./nosuch: No such file or directory\n', status: 127 });
  });
});
