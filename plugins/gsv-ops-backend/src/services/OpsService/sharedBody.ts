import { gzipSync } from 'node:zlib';

/**
 * The gzip encoding of a view's JSON, made on first use and kept with the computed view: every viewer of the same
 * content then gets the same bytes, instead of the HTTP server compressing the whole view again for each of them
 * (at fleet size, the main cost of serving an Ops view).
 */
export function lazyGzip(body: string): () => Buffer {
  let gzipped: Buffer | undefined;
  return () => {
    gzipped ??= gzipSync(body);
    return gzipped;
  };
}
