/** How calicoctl was started: the name it goes by (util.NameAndDescription) and global flags. */
export interface Invocation {
  /** `calicoctl`, or `kubectl-calico` when the binary's name starts with `kubectl-`. */
  name: string;
  desc: string;
  allowMismatch: boolean;
}
