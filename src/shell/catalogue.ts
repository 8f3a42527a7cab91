/**
 * The lab's offline internet: the few URLs install guides make students fetch (Calico manifests,
 * calicoctl release binaries), answered the way the real servers answer them.
 */
import { calicoEtcdManifest, calicoManifest } from '../emulator/catalogue/calico-manifests';
import { BINARY_MAGIC } from './binary';
import { utf8Length } from './commands/text/util';

export { utf8Length };

export interface CatalogueResponse {
  status: number;
  statusText: string;
  /** Header lines as the server sends them (name, value), without the status line. */
  headers: [string, string][];
  body: string;
  /** HTTP/2 for the HTTPS sites we model; curl prints `HTTP/2 200`. */
  httpVersion: '1.1' | '2';
}

/** Hosts that resolve; any other name gets curl's `(6) Could not resolve host`. */
export const CATALOGUE_HOSTS = ['docs.projectcalico.org', 'raw.githubusercontent.com', 'github.com', 'objects.githubusercontent.com', 'docs.tigera.io'];

const STATUS_TEXT: Record<number, string> = { 200: 'OK', 301: 'Moved Permanently', 302: 'Found', 404: 'Not Found' };

function respond(status: number, body: string, contentType: string, extra: [string, string][] = []): CatalogueResponse {
  return {
    status,
    statusText: STATUS_TEXT[status] ?? '',
    headers: [['content-type', contentType], ...extra, ['content-length', String(utf8Length(body))]],
    body,
    httpVersion: '2',
  };
}


function manifest(version: string, file: string): string | null {
  if (file === 'calico.yaml') return calicoManifest(version, 'bird');
  if (file === 'calico-vxlan.yaml') return calicoManifest(version, 'vxlan');
  if (file === 'calico-etcd.yaml') return calicoEtcdManifest(version);
  return null;
}

/** Answer one request; null when the host does not resolve. `url` must carry a scheme. */
export function catalogueFetch(url: string): CatalogueResponse | null {
  const m = /^(https?):\/\/([^/:?#]+)(?::\d+)?([^?#]*)/.exec(url);
  if (!m) return null;
  const host = m[2].toLowerCase();
  const path = m[3] || '/';
  if (!CATALOGUE_HOSTS.includes(host)) return null;
  const yaml = 'text/plain; charset=utf-8';

  if (host === 'docs.projectcalico.org' || host === 'docs.tigera.io') {
    // The real site redirects to docs.tigera.io; we answer directly so `curl -O` works without -L.
    const doc = /^(?:\/archive\/(v3\.\d+))?\/manifests\/([\w-]+\.yaml)$/.exec(path);
    const body = doc && manifest(doc[1] ? `${doc[1]}.0` : 'v3.26.1', doc[2]);
    return body ? respond(200, body, yaml) : respond(404, NOT_FOUND_HTML, 'text/html; charset=utf-8');
  }
  if (host === 'raw.githubusercontent.com') {
    const raw = /^\/projectcalico\/calico\/(v3\.\d+\.\d+)\/manifests\/([\w-]+\.yaml)$/.exec(path);
    const body = raw && manifest(raw[1], raw[2]);
    return body ? respond(200, body, yaml) : respond(404, '404: Not Found', yaml);
  }
  const release = /^\/projectcalico\/(calico|calicoctl)\/releases\/download\/(v3\.\d+\.\d+)\/calicoctl-linux-amd64$/.exec(path);
  if (host === 'github.com') {
    if (!release) return respond(404, 'Not Found', 'text/plain; charset=utf-8');
    // GitHub sends release assets from its object store: a 302 with an empty body.
    return respond(302, '', 'text/html; charset=utf-8', [['location', `https://objects.githubusercontent.com${path}`]]);
  }
  if (release) return respond(200, `${BINARY_MAGIC}calicoctl ${release[2]}`, 'application/octet-stream');
  return respond(404, NOT_FOUND_XML, 'application/xml');
}

const NOT_FOUND_HTML = '<!DOCTYPE html>\n<html><head><title>404 Not Found</title></head><body><h1>Page not found</h1></body></html>\n';
const NOT_FOUND_XML = '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>BlobNotFound</Code><Message>The specified blob does not exist.</Message></Error>';
