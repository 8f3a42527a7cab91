/** A session for command tests: run lines on the first node and collect stdout and stderr apart. */
import { LabSession } from '../../lab-session';

export async function labShell() {
  const s = LabSession.create({ time: 'instant' });
  const t = s.openTerminal();
  return {
    session: s,
    async run(line: string) {
      let out = '';
      let err = '';
      const r = await s.exec(t, line, (c) => (c.stream === 'stdout' ? (out += c.text) : (err += c.text)));
      return { out, err, status: r.exitCode, edit: r.edit };
    },
  };
}
