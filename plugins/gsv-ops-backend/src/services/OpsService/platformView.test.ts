import type { ClusterCache } from '../WatchCache/ClusterCache';
import { emptyPlatformPart, PlatformParts } from './platformView';

const cacheNamed = (name: string) => ({ name } as unknown as ClusterCache);

describe('PlatformParts', () => {
  it('rebuilds the part of a cluster whose key changed and keeps the others', () => {
    const parts = new PlatformParts();
    const built: string[] = [];
    const get = (name: string, key: string) =>
      parts.get(cacheNamed(name), key, () => {
        built.push(`${name}@${key}`);
        return emptyPlatformPart();
      });
    const first = get('a', '1');
    get('b', '1');
    expect(get('a', '1')).toBe(first);
    get('b', '2');
    expect(built).toEqual(['a@1', 'b@1', 'b@2']);
  });

  it('forgets clusters that are no longer there', () => {
    const parts = new PlatformParts();
    let builds = 0;
    const build = () => {
      builds += 1;
      return emptyPlatformPart();
    };
    parts.get(cacheNamed('a'), 'k', build);
    parts.retain(new Set(['b']));
    parts.get(cacheNamed('a'), 'k', build);
    expect(builds).toBe(2);
  });
});
