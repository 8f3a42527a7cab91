/**
 * The command-line runner: the lab's shell without a browser. Reads command lines from standard
 * input and prints what the terminal would show (see README, "Command-line runner").
 *
 *   npm run -s cli -- [--echo] [--scenario NAME] [--lab ID] [--nodes N] [--mode MODE] [--seed N] < commands.txt
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { LabSession } from './shell/lab-session';
import { labsLoadFromDir } from './labs/load-node';
import { scenarioOptionsProblem } from './emulator/scenario-options';
import type { EncapChoice } from './emulator/scenario-options';

interface CliOptions {
  echo: boolean;
  scenario?: string;
  lab?: string;
  nodes?: number;
  mode?: EncapChoice;
  seed?: number;
}

function parseArgs(argv: string[]): CliOptions {
  const opts: CliOptions = { echo: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) usage(`option ${a} needs a value`);
      return v;
    };
    if (a === '--echo') opts.echo = true;
    else if (a === '--scenario') opts.scenario = value();
    else if (a === '--lab') opts.lab = value();
    else if (a === '--nodes') opts.nodes = Number(value());
    else if (a === '--mode') opts.mode = value() as EncapChoice;
    else if (a === '--seed') opts.seed = Number(value());
    else if (a === '-h' || a === '--help') usage();
    else usage(`unknown option ${a}`);
  }
  if (opts.nodes !== undefined && (!Number.isInteger(opts.nodes) || opts.nodes < 1)) usage('--nodes needs a positive integer');
  // A lab brings its own scenario and size; the sandbox's options are checked as the page's picker checks them.
  if (opts.lab && opts.mode) usage('--mode is for a scenario; a lab sets up its own cluster');
  const problem = opts.lab ? null : scenarioOptionsProblem(opts.scenario ?? 'default', opts.nodes, opts.mode);
  if (problem) usage(problem);
  return opts;
}

function usage(error?: string): never {
  const text = 'usage: npm run -s cli -- [--echo] [--scenario NAME] [--lab ID] [--nodes N] [--mode MODE] [--seed N] < commands\n' +
    '  MODE: ipip, ipip-crosssubnet, vxlan, vxlan-crosssubnet or none (the default pool\'s encapsulation; installs Calico)\n';
  process.stderr.write((error ? `cli: ${error}\n` : '') + text);
  process.exit(error ? 2 : 0);
}

async function main(): Promise<void> {
  // `npm run -s cli < x | head`: a closed pipe ends the run quietly, as a shell tool would.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => process.exit(e.code === 'EPIPE' ? 0 : 1));
  const opts = parseArgs(process.argv.slice(2));
  const labsDir = fileURLToPath(new URL('../labs', import.meta.url));
  let session: LabSession;
  try {
    session = LabSession.create({ scenario: opts.scenario, nodes: opts.nodes, mode: opts.mode, seed: opts.seed, lab: opts.lab, labs: labsLoadFromDir(labsDir), time: 'instant' });
  } catch (e) {
    process.stderr.write(`cli: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(2);
  }
  const term = session.openTerminal();
  const input = readFileSync(0, 'utf8');
  const lines = input.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  for (const line of lines) {
    if (opts.echo) process.stdout.write(session.prompt(term) + line + '\n');
    // stdout and stderr both go to standard output: the transcript is what a terminal shows.
    const result = await session.exec(term, line, (chunk) => process.stdout.write(chunk.text));
    if (result.edit) process.stdout.write(`${line.trim().split(/\s+/)[0]}: there is no editor on the command line; use sed -i, or cat > FILE <<EOF\n`);
    if (result.download) process.stdout.write(`download: there is no browser on the command line; ${result.download.map((f) => f.name).join(', ')} stay${result.download.length === 1 ? 's' : ''} on the node\n`);
  }
}

void main();
