// The etcd scenario from the sandbox URL: Calico installed with calico-etcd.yaml, its resources
// listed by etcdctl under Calico's v3 keys, kubectl finding no ippools, calicoctl reading them
// once configured for etcdv3, and the sandbox picker naming the scenario.
import { join } from 'node:path';

export default async function ({ test, driver, newPage, url, artifacts, PROMPT }) {
  const page = await newPage();
  const term = driver(page);

  await test('etcd: the scenario keeps Calico in etcd, where etcdctl and calicoctl find it', async () => {
    await page.goto(url + '?sandbox&scenario=etcd');
    await term.waitForText(PROMPT, 60_000);
    await page.locator('[data-testid="terminal"] .xterm-helper-textarea').first().focus();
    await term.run('kubectl get ippools');
    await term.waitForText('error: the server doesn\'t have a resource type "ippools"');
    await term.run('etcdctl get /calico/resources --prefix --keys-only | grep ippools');
    await term.waitForText('/calico/resources/v3/projectcalico.org/ippools/default-ipv4-ippool');
    await term.run('curl -sLo /usr/local/bin/calicoctl https://github.com/projectcalico/calico/releases/download/v3.26.1/calicoctl-linux-amd64 && chmod +x /usr/local/bin/calicoctl');
    await term.run('export DATASTORE_TYPE=etcdv3 ETCD_ENDPOINTS=http://172.16.11.80:2379');
    await term.run('calicoctl get ippool -o wide');
    await term.waitForText('default-ipv4-ippool   10.244.0.0/16');
    await page.screenshot({ path: join(artifacts, 'etcd-scenario-1366x768.png') });
    await page.context().close();
  });
}
