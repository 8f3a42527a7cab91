import { describe, it, expect } from 'vitest';
// The session first: it loads the command table, which the catalogue reaches through registry.ts.
import { labShell } from './text/test-session';
import { curlSize5, METER_HEADER } from './curl';
import { catalogueFetch } from '../catalogue';
import { binaryProgram } from '../registry';

describe('curl', () => {
  it.each([
    [615, '  615'],
    [99999, '99999'],
    [246645, ' 240k'],
    [64_300_000, '61.3M'],
    [300 * 1024 * 1024, ' 300M'],
  ])('prints %i bytes as "%s" in the meter', (n, s) => expect(curlSize5(n)).toBe(s));

  it('shows the meter on stderr when the body goes into a pipe, not with -s', async () => {
    const sh = await labShell();
    const piped = await sh.run('curl https://docs.projectcalico.org/manifests/calico.yaml | head -1');
    expect(piped.err.startsWith(METER_HEADER + '\r  0     0    0     0')).toBe(true);
    expect(piped.err).toMatch(/\r100 +(\d+) +100 +\1 +0 +0 +\d+k +0 --:--:-- --:--:-- --:--:-- +\d+k\n$/);
    expect(piped.out).toMatch(/calico\.yaml/);
    expect((await sh.run('curl -s https://docs.projectcalico.org/manifests/calico.yaml | head -1')).err).toBe('');
  });

  it('prints no meter when the body reaches the terminal', async () => {
    const sh = await labShell();
    const r = await sh.run('curl https://raw.githubusercontent.com/projectcalico/calico/v3.26.1/manifests/calico-etcd.yaml');
    expect(r.err).toBe('');
    expect(r.out).toMatch(/calico-etcd-secrets/);
  });

  it('serves calicoctl from GitHub releases only when redirects are followed', async () => {
    const url = 'https://github.com/projectcalico/calicoctl/releases/download/v3.21.5/calicoctl-linux-amd64';
    expect(catalogueFetch(url)).toMatchObject({ status: 302, body: '' });
    const sh = await labShell();
    await sh.run(`curl -sLO ${url}`);
    const r = await sh.run('cat calicoctl-linux-amd64');
    expect(binaryProgram(r.out)).toEqual({ program: 'calicoctl', version: 'v3.21.5' });
  });

  it('serves the VXLAN manifest with the vxlan backend', () => {
    const r = catalogueFetch('https://raw.githubusercontent.com/projectcalico/calico/v3.26.1/manifests/calico-vxlan.yaml');
    expect(r?.body).toMatch(/calico_backend: "vxlan"/);
    expect(catalogueFetch('https://example.invalid/')).toBeNull();
  });

  it('combines short flags and takes -o FILE relative to the working directory', async () => {
    const sh = await labShell();
    await sh.run('mkdir m; cd m');
    expect((await sh.run('curl -sSLo c.yaml https://docs.projectcalico.org/manifests/calico.yaml')).status).toBe(0);
    expect((await sh.run('ls /root/m')).out).toBe('c.yaml\n');
  });

  it('connects to node addresses over TCP: a closed port answers RST (curl 7)', async () => {
    const sh = await labShell();
    const r = await sh.run('curl 172.16.11.81:8080');
    expect(r).toMatchObject({ status: 7, err: 'curl: (7) Failed to connect to 172.16.11.81 port 8080 after 0 ms: Connection refused\n' });
  });

  it('gives up on an address nobody answers after --connect-timeout (curl 28)', async () => {
    const sh = await labShell();
    const r = await sh.run('curl --connect-timeout 2 10.244.1.7');
    expect(r).toMatchObject({ status: 28, err: 'curl: (28) Connection timed out after 2000 milliseconds\n' });
  });
});
