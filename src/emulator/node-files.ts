/** The files a freshly built kubeadm node has (Ubuntu 22.04): what `cat` and `ls` find there. */
import type { FsState } from './fs';
import { fsMkdirP } from './fs';

const OS_RELEASE = `PRETTY_NAME="Ubuntu 22.04.3 LTS"
NAME="Ubuntu"
VERSION_ID="22.04"
VERSION="22.04.3 LTS (Jammy Jellyfish)"
VERSION_CODENAME=jammy
ID=ubuntu
ID_LIKE=debian
HOME_URL="https://www.ubuntu.com/"
SUPPORT_URL="https://help.ubuntu.com/"
BUG_REPORT_URL="https://bugs.launchpad.net/ubuntu/"
PRIVACY_POLICY_URL="https://www.ubuntu.com/legal/terms-and-policies/privacy-policy"
UBUNTU_CODENAME=jammy
`;

/** The admin kubeconfig kubeadm writes; copied to /root/.kube/config on the control plane. */
function kubeconfig(serverIp: string): string {
  return `apiVersion: v1
clusters:
- cluster:
    certificate-authority-data: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUMvakNDQWVhZ0F3SUJBZ0lCQURBTkJna3Foa2lHOXcwQkFRc0ZBREFWTVJNd0VRWURWUVFERXdwcmRXSmwKY201bGRHVnpNQjRYRFRJME1EVXdOakExTVRjd01Gb1hEVE0wTURVd05EQTFNVGN3TUZvd0ZURVRNQkVHQTFVRQpBeE1LYTNWaVpYSnVaWFJsY3pDQ0FTSXdEUVlKS29aSWh2Y05BUUVCQlFBRGdnRVBBRENDQVFvQ2dnRUJBTUtmCi0tLS0tRU5EIENFUlRJRklDQVRFLS0tLS0K
    server: https://${serverIp}:6443
  name: kubernetes
contexts:
- context:
    cluster: kubernetes
    user: kubernetes-admin
  name: kubernetes-admin@kubernetes
current-context: kubernetes-admin@kubernetes
kind: Config
preferences: {}
users:
- name: kubernetes-admin
  user:
    client-certificate-data: REDACTED
    client-key-data: REDACTED
`;
}

export function nodeFilesystem(name: string, ip: string, master: boolean, hosts: string[]): FsState {
  const fs: FsState = {};
  for (const d of ['/root', '/tmp', '/etc/kubernetes', '/usr/bin', '/usr/local/bin', '/bin', '/sbin', '/usr/sbin', '/var/lib/kubelet', '/opt/cni/bin', '/var/log']) {
    fsMkdirP(fs, d);
  }
  const file = (path: string, content: string, mode = 0o644) => {
    fs[path] = { type: 'file', content, mode, mtime: 0 };
  };
  file('/etc/hostname', `${name}\n`);
  file('/etc/hosts', `127.0.0.1 localhost\n127.0.1.1 ${name}\n\n${hosts.join('\n')}\n`);
  file('/etc/os-release', OS_RELEASE);
  file('/etc/resolv.conf', 'nameserver 127.0.0.53\noptions edns0 trust-ad\nsearch .\n');
  file('/root/.bashrc', '# ~/.bashrc: executed by bash(1) for non-login shells.\n');
  file('/etc/kubernetes/kubelet.conf', kubeconfig(ip).replace('kubernetes-admin', `system:node:${name}`), 0o600);
  if (master) {
    fsMkdirP(fs, '/root/.kube');
    file('/etc/kubernetes/admin.conf', kubeconfig(ip), 0o600);
    file('/root/.kube/config', kubeconfig(ip), 0o600);
    fsMkdirP(fs, '/etc/kubernetes/manifests');
    for (const c of ['etcd', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler']) {
      file(`/etc/kubernetes/manifests/${c}.yaml`, `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${c}\n  namespace: kube-system\n`, 0o600);
    }
  }
  for (const bin of ['bandwidth', 'bridge', 'host-local', 'loopback', 'portmap']) file(`/opt/cni/bin/${bin}`, '\x7fELF', 0o755);
  return fs;
}
