/** The real tcpdump binary, the oracle for our pcap files and printer (.ci/run installs it), or null. */
import { execFileSync } from 'node:child_process';

export function realTcpdump(): string | null {
  for (const p of ['/usr/bin/tcpdump', '/usr/sbin/tcpdump']) {
    try {
      execFileSync(p, ['--version'], { stdio: 'pipe' });
      return p;
    } catch {
      // not here
    }
  }
  return null;
}
