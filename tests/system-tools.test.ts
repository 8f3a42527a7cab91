/**
 * The node's system tools beyond their golden transcripts (tests/golden/system): Tab completion
 * and help, /proc/sys read through cat agreeing with sysctl for every key, the same seed giving
 * the same pids and ports, and what a student changed (modprobe, sysctl -w) surviving a
 * snapshot and restore.
 */
import { describe, expect, it } from 'vitest';
import { LabSession } from '../src/shell/lab-session';
import { nodeSysctls, sysctlPath } from '../src/emulator/system/kernel';
import { procRead } from '../src/emulator/system/procfs';

function open(scenario = 'installed') {
  const session = LabSession.create({ scenario, time: 'instant' });
  const term = session.openTerminal();
  const run = async (line: string) => {
    let out = '';
    const r = await session.exec(term, line, (c) => (out += c.text));
    return { out, status: r.exitCode };
  };
  const complete = (line: string) => session.complete(term, line, line.length).candidates;
  return { session, run, complete };
}

describe("the node's system tools", () => {
  it('complete their names, subcommands and arguments on Tab', () => {
    const { complete } = open();
    expect(complete('sysc')).toEqual(['sysctl']);
    expect(complete('journ')).toEqual(['journalctl']);
    expect(complete('sysctl net.ipv4.ip_fo')).toEqual(['net.ipv4.ip_forward']);
    expect(complete('systemctl st')).toEqual(['status']);
    expect(complete('systemctl status kube')).toEqual(['kubelet']);
    expect(complete('crictl p')).toEqual(['ps', 'pods']);
    expect(complete('journalctl -u conta')).toEqual(['containerd']);
    expect(complete('modprobe ipi')).toEqual(['ipip']);
    expect(complete('ss state ')).toContain('established');
  });

  it('have help entries', async () => {
    const { run } = open();
    expect((await run('help ss')).out).toBe('ss: another utility to investigate sockets\nusage: ss [-tulanrp46H] [ state STATE ] [ EXPRESSION ]\n');
    const all = (await run('help')).out;
    for (const name of ['ss', 'netstat', 'ps', 'sysctl', 'lsmod', 'modprobe', 'uname', 'route', 'arp', 'crictl', 'systemctl', 'journalctl']) expect(all).toContain(`  ${name} `);
  });

  it('read the same value through cat /proc/sys/... as sysctl prints, for every key', async () => {
    const { session, run } = open();
    const node = session.world.state.nodes[0];
    for (const [key, value] of nodeSysctls(node)) expect(procRead(session.world, node, sysctlPath(key))).toBe(value + '\n');
    expect((await run('cat /proc/sys/net/ipv4/conf/cali*/proxy_arp')).out).toBe('1\n1\n1\n');
    expect((await run('grep . /proc/sys/net/ipv4/conf/*/rp_filter')).out).toContain('/proc/sys/net/ipv4/conf/tunl0/rp_filter:2\n');
    expect((await run('sysctl -n net.ipv4.conf.eth0.rp_filter')).out).toBe((await run('cat /proc/sys/net/ipv4/conf/eth0/rp_filter')).out);
  });

  it('give the same pids, ports and ids for the same seed', async () => {
    const a = open();
    const b = open();
    for (const line of ['ps -ef', 'ss -tanp', 'crictl ps -a 2>/dev/null', 'netstat -antp']) expect((await a.run(line)).out).toBe((await b.run(line)).out);
  });

  it('keep loaded modules and written sysctls across a snapshot and restore', async () => {
    const { session, run } = open();
    await run('modprobe ip_vs');
    await run('sysctl -w net.ipv4.conf.all.rp_filter=1');
    const restored = LabSession.restore(session.snapshot());
    const term = restored.openTerminal();
    let out = '';
    await restored.exec(term, 'lsmod | grep -c ^ip_vs; sysctl net.ipv4.conf.all.rp_filter', (c) => (out += c.text));
    expect(out).toBe('1\nnet.ipv4.conf.all.rp_filter = 1\n');
  });
});
