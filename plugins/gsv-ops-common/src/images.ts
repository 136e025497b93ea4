/**
 * Splits a container image as written (`registry:5000/org/app:v1.2.3@sha256:…`) into its name, tag and digest, without
 * normalising the name (kustomize's `images[].name` matches it literally). A registry port is not a tag.
 *
 * @public
 */
export function splitImage(image: string): {
  name: string;
  tag?: string;
  digest?: string;
} {
  const [withoutDigest, digest] = image.split('@');
  const slash = withoutDigest.lastIndexOf('/');
  const colon = withoutDigest.lastIndexOf(':');
  const parts =
    colon > slash
      ? {
          name: withoutDigest.slice(0, colon),
          tag: withoutDigest.slice(colon + 1),
        }
      : { name: withoutDigest };
  return digest ? { ...parts, digest } : parts;
}
