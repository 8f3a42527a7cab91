/**
 * `?pack=URL`: fetching a trainer's pack file. Only this site's own origin: the page's
 * Content-Security-Policy (`connect-src 'self'`, csp.config.ts) forbids any other, and the lab
 * promises that no request leaves the page's origin. A foreign URL is refused before any request.
 * The body is read up to the size limit and no further; the text is then checked like a pack
 * file (src/labs/pack.ts in the worker).
 */
export interface PackFetch {
  text?: string;
  /** The URL is on another origin: not fetched. */
  foreign?: boolean;
  tooLarge?: boolean;
  error?: string;
}

export async function fetchPackText(raw: string, base: string, maxBytes: number): Promise<PackFetch> {
  let url: URL;
  try {
    url = new URL(raw, base);
  } catch {
    return { error: 'not a URL' };
  }
  if (url.origin !== new URL(base).origin) return { foreign: true };
  try {
    const res = await fetch(url, { credentials: 'same-origin', cache: 'no-cache' });
    if (!res.ok) return { error: `HTTP ${res.status} ${res.statusText}`.trim() };
    if (Number(res.headers.get('content-length') ?? 0) > maxBytes) return { tooLarge: true };
    if (!res.body) return { text: await res.text() };
    // Read in chunks and stop at the limit: a huge or endless response is never held whole.
    const reader = res.body.getReader();
    const chunks: Uint8Array[] = [];
    let size = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        await reader.cancel();
        return { tooLarge: true };
      }
      chunks.push(value);
    }
    const bytes = new Uint8Array(size);
    let at = 0;
    for (const c of chunks) {
      bytes.set(c, at);
      at += c.byteLength;
    }
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch (err) {
    return { error: err instanceof Error ? err.message : String(err) };
  }
}
