import { expose } from 'comlink';

const api = {
  ready: () => true,
  exec: (line: string): string => (line.trim() === 'hostname' ? 'k8s-master01\n' : `bash: ${line}: command not found\n`),
};
export type BareApi = typeof api;
expose(api);
