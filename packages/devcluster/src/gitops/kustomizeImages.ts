import { parse } from 'yaml';

/** One entry of a kustomization's `images:` list (kustomize's images transformer). */
export interface KustomizeImage {
  name: string;
  newName?: string;
  newTag?: string;
  digest?: string;
}

/** The `images:` of a kustomization.yaml; [] when it has none. Throws on YAML that is not a kustomization. */
export function kustomizationImages(text: string): KustomizeImage[] {
  const doc = parse(text) ?? {};
  if (typeof doc !== 'object' || Array.isArray(doc)) throw new Error('a kustomization must be a YAML mapping');
  const images = (doc as { images?: unknown }).images ?? [];
  if (!Array.isArray(images)) throw new Error('images of a kustomization must be a list');
  return images.filter((image): image is KustomizeImage => typeof image?.name === 'string');
}

/** Splits `registry:5000/repo/name:tag@sha256:…` into name, tag and digest (a port is not a tag). */
export function splitImage(image: string): { name: string; tag?: string; digest?: string } {
  const [withoutDigest, digest] = image.split('@');
  const slash = withoutDigest.lastIndexOf('/');
  const colon = withoutDigest.lastIndexOf(':');
  if (colon > slash) return { name: withoutDigest.slice(0, colon), tag: withoutDigest.slice(colon + 1), digest };
  return { name: withoutDigest, digest };
}

/** What kustomize's images transformer makes of a container image. */
export function renderImage(image: string, images: KustomizeImage[]): string {
  const parts = splitImage(image);
  const entry = images.find(candidate => candidate.name === parts.name);
  if (!entry) return image;
  const name = entry.newName ?? parts.name;
  if (entry.digest) return `${name}@${entry.digest}`;
  const tag = entry.newTag ?? parts.tag;
  return `${name}${tag ? `:${tag}` : ''}${!entry.newTag && parts.digest ? `@${parts.digest}` : ''}`;
}
