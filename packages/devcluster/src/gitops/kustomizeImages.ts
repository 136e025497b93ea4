import { splitImage } from '@gsv/plugin-gsv-ops-common';
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
