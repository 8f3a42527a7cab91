/**
 * Simulated binaries: a downloaded program is a file whose content is the ELF magic followed by
 * the program it behaves as, e.g. `calicoctl v3.21.5`. Kept apart from the registry so the
 * catalogue can make binaries without loading the command table.
 */
export const BINARY_MAGIC = '\x7fELF calico-lab:';

export function binaryProgram(content: string): { program: string; version: string } | null {
  if (!content.startsWith(BINARY_MAGIC)) return null;
  const [program, version = ''] = content.slice(BINARY_MAGIC.length).trim().split(/\s+/);
  return { program, version };
}
