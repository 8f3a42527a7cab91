/**
 * The Content-Security-Policy of the built page, injected into dist/index.html as a meta tag by
 * the Vite plugin below (build only: the dev server injects its own client). README "Security"
 * explains each directive; tests/e2e/run.mjs checks the tag is there and that no violation is
 * reported while the page, its worker and Monaco run.
 */
import type { Plugin } from 'vite';

export const CSP_DIRECTIVES: [string, string][] = [
  // Everything is served from our own origin; nothing else may load.
  ['default-src', "'self'"],
  // Scripts: our own bundled files only. No 'unsafe-inline', no 'unsafe-eval' (Monaco 0.57's
  // ESM build does not need eval; its workers are bundled files too).
  ['script-src', "'self'"],
  // The session worker, Monaco's editor worker and the YAML worker are bundled files.
  ['worker-src', "'self'"],
  // xterm.js and Monaco add <style> elements at run time (themes, decorations); Svelte and
  // cytoscape set style attributes. Styles cannot run code, so inline styles are allowed.
  ['style-src', "'self' 'unsafe-inline'"],
  // Monaco's codicon font is a bundled file (a data: URL when small enough to inline).
  ['font-src', "'self' data:"],
  // The favicon is `data:,`; cytoscape draws on canvases and may read images from data:/blob:.
  ['img-src', "'self' data: blob:"],
  // No request leaves the page: a sandbox must work offline and send nothing anywhere.
  ['connect-src', "'self'"],
  ['object-src', "'none'"],
  ['base-uri', "'none'"],
  ['form-action', "'none'"],
];

export const CSP = CSP_DIRECTIVES.map(([k, v]) => `${k} ${v}`).join('; ');

export function cspPlugin(): Plugin {
  return {
    name: 'calico-lab-csp',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler: () => [
        { tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: CSP }, injectTo: 'head-prepend' },
      ],
    },
  };
}
