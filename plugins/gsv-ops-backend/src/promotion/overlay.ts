import { InputError } from '@backstage/errors';
import { isMap, isSeq, parseDocument, YAMLMap } from 'yaml';

/** The `images[].newTag` of `imageName` in a kustomization; undefined when it has no entry for it. */
export function overlayTag(text: string, imageName: string): string | undefined {
  const images = parseDocument(text).toJS()?.images;
  if (!Array.isArray(images)) return undefined;
  return images.find(image => image?.name === imageName)?.newTag;
}

/**
 * The kustomization with `images[].newTag` of `imageName` set to `tag` (an entry is added when there is none), its
 * comments and layout kept. Throws InputError when the file is not a kustomization mapping.
 */
export function withPromotedTag(text: string, imageName: string, tag: string): string {
  const doc = parseDocument(text);
  if (doc.errors.length || !isMap(doc.contents)) throw new InputError(`the overlay is not a kustomization: ${doc.errors[0]?.message ?? 'not a mapping'}`);
  let images = doc.get('images');
  if (images === undefined) {
    doc.set('images', doc.createNode([]));
    images = doc.get('images');
  }
  if (!isSeq(images)) throw new InputError('images of the overlay is not a list');
  const entry = images.items.find(item => isMap(item) && item.get('name') === imageName) as YAMLMap | undefined;
  if (entry) entry.set('newTag', tag);
  else images.add(doc.createNode({ name: imageName, newTag: tag }));
  return doc.toString();
}
