/**
 * The sandbox's choice (scenario, node count, encapsulation mode) and its place in the URL:
 * `?sandbox&scenario=NAME&nodes=N&mode=M`, so a reload or a bookmark reopens the same cluster.
 * No DOM: the page and the Node tests use it alike.
 */
import { isEncapChoice, type EncapChoice } from './sandbox-options';

export interface SandboxChoice {
  scenario: string;
  nodes: number | null;
  mode: EncapChoice | null;
}

/** `?mode=M` for a bare scenario: one of the encapsulation choices, else none. */
export function modeParam(params: URLSearchParams): EncapChoice | undefined {
  const m = params.get('mode');
  return isEncapChoice(m) ? m : undefined;
}

/** The choice the URL holds (the picker shows it), or null when the sandbox is not open. */
export function sandboxChoiceFromParams(params: URLSearchParams, nodes: number | undefined): SandboxChoice | null {
  if (!params.has('sandbox')) return null;
  return { scenario: params.get('scenario') ?? 'default', nodes: nodes ?? null, mode: modeParam(params) ?? null };
}

/** Writes a choice into the URL's parameters (defaults left out, as the page always did). */
export function sandboxChoiceToParams(params: URLSearchParams, choice: SandboxChoice): void {
  params.set('sandbox', '');
  if (choice.scenario === 'default') params.delete('scenario');
  else params.set('scenario', choice.scenario);
  if (choice.nodes === null) params.delete('nodes');
  else params.set('nodes', String(choice.nodes));
  if (choice.mode === null) params.delete('mode');
  else params.set('mode', choice.mode);
}
