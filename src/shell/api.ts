/**
 * The contract between the shell and whoever drives it (the worker, the command-line runner,
 * tests). Everything here is plain data so it can cross a comlink boundary unchanged.
 */

export type Stream = 'stdout' | 'stderr';

/** One piece of terminal output. Text uses "\n" line ends; the terminal converts to CRLF. */
export interface OutputChunk {
  stream: Stream;
  text: string;
}

export type OutputSink = (chunk: OutputChunk) => void;

/** What a terminal needs after a command line has finished. */
export interface ExecResult {
  exitCode: number;
  /** The prompt to show next, e.g. `root@k8s-node01:~# ` (changes after `ssh`, `cd`, `exit`). */
  prompt: string;
  /** The node this terminal is now on. */
  node: string;
  /** Set when the line asked for an editor (`vim FILE`): the UI opens it and saves back. */
  edit?: { path: string; content: string };
  /** Set by `download FILE…`: the page saves each file on the student's computer. */
  download?: { name: string; data: Uint8Array }[];
  /** Set by `clear` / Ctrl-L equivalents. */
  clear?: boolean;
  /** Set when `exit` left the last shell: the UI may close the tab. */
  closed?: boolean;
}

export interface Completion {
  /** Index in the line where the word being completed starts. */
  from: number;
  /** Candidate replacements for line.slice(from, cursor). */
  candidates: string[];
}

/** A state digest the UI renders after each command and clock tick. */
export interface WorldDigest {
  time: number; // simulated ms since scenario start
  clock: string; // HH:MM:SS of simulated wall time
  subnets: { cidr: string; gateway: string }[];
  nodes: {
    name: string;
    ip: string;
    ready: boolean;
    power: 'on' | 'off';
    blocks: string[];
    pods: { namespace: string; name: string; ip: string | null; phase: string }[];
  }[];
  /** One entry per BGP session (from the lower address); messages and bytes both ways so far. */
  sessions: { from: string; to: string; state: string; kind: 'mesh' | 'global' | 'node'; messages?: number; bytes?: number }[];
  /** Cluster-wide BGP cost: sessions (counted once), messages and bytes sent by every speaker, Loc-RIB entries. */
  bgp: { sessions: number; established: number; messages: number; bytes?: number; routes?: number };
}
