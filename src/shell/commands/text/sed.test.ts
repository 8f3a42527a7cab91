import { describe, it, expect } from 'vitest';
import { labShell } from './test-session';
import { sedCompile } from './sed-parse';

describe('sed', () => {
  it('strips the leading blanks of a one-liner `a text` but keeps them after `a\\`', async () => {
    const sh = await labShell();
    await sh.run("printf 'x\\n' > f");
    expect((await sh.run("sed 'a    one' f")).out).toBe('x\none\n');
    expect((await sh.run("sed 'a\\    two' f")).out).toBe('x\n    two\n');
    expect((await sh.run("sed -e 'a\\' -e '    three' f")).out).toBe('x\n    three\n');
  });

  it('uncomments the pool CIDR in calico.yaml in place, as install guides do', async () => {
    const sh = await labShell();
    await sh.run('curl -sO https://docs.projectcalico.org/manifests/calico.yaml');
    await sh.run(`sed -i -e 's/# \\(- name: CALICO_IPV4POOL_CIDR\\)/\\1/' -e 's|#   value: "192.168.0.0/16"|  value: "10.244.0.0/16"|' calico.yaml`);
    const r = await sh.run('grep -A1 CALICO_IPV4POOL_CIDR calico.yaml');
    expect(r.out).toBe('            - name: CALICO_IPV4POOL_CIDR\n              value: "10.244.0.0/16"\n');
    expect(r.status).toBe(0);
  });

  it('treats several files as one stream, so $ is the last line of the last file', async () => {
    const sh = await labShell();
    await sh.run("printf 'a\\nb\\n' > f1; printf 'c\\nd\\n' > f2");
    expect((await sh.run("sed -n '$p' f1 f2")).out).toBe('d\n');
    expect((await sh.run("sed -s -n '$p' f1 f2")).out).toBe('b\nd\n');
    expect((await sh.run("sed -n '3p' f1 f2")).out).toBe('c\n');
  });

  it('with -i writes each file back and prints nothing', async () => {
    const sh = await labShell();
    await sh.run("printf 'a\\nb\\n' > f1; printf 'a\\n' > f2");
    const r = await sh.run('sed -i.bak s/a/A/ f1 f2');
    expect(r.out).toBe('');
    expect((await sh.run('cat f1 f2')).out).toBe('A\nb\nA\n');
  });

  it('reports a missing file with status 2 but still edits the others', async () => {
    const sh = await labShell();
    await sh.run("printf 'a\\n' > f1");
    const r = await sh.run('sed s/a/b/ nope f1');
    expect(r).toMatchObject({ out: 'b\n', err: "sed: can't read nope: No such file or directory\n", status: 2 });
  });

  it('replaces only the Nth match, and every one from the Nth with Ng', async () => {
    const sh = await labShell();
    expect((await sh.run("echo aaaa | sed 's/a/b/3'")).out).toBe('aaba\n');
    expect((await sh.run("echo aaaa | sed 's/a/b/2g'")).out).toBe('abbb\n');
    expect((await sh.run("echo abc | sed 's/x*/-/g'")).out).toBe('-a-b-c-\n');
  });

  it('supports 0,/re/ and addr,+N ranges', async () => {
    const sh = await labShell();
    await sh.run("printf 'x\\ny\\nx\\nz\\n' > f");
    expect((await sh.run("sed '0,/x/d' f")).out).toBe('y\nx\nz\n');
    expect((await sh.run("sed -n '/y/,+1p' f")).out).toBe('y\nx\n');
  });

  it('reads a multi-line `a\\` text whose lines end in backslashes', () => {
    const [cmd] = sedCompile(['/10.244.0.0\\/16/a\\\n            - name: CALICO_IPV4POOL_BLOCK_SIZE\\\n              value: "24"'], false);
    expect(cmd.text).toBe('            - name: CALICO_IPV4POOL_BLOCK_SIZE\n              value: "24"\n');
  });
});
