import { StampedMemo } from './stampedMemo';

describe('StampedMemo', () => {
  it('rebuilds a value whose stamp changed and keeps the others', () => {
    const memo = new StampedMemo<string>(10);
    const built: string[] = [];
    const get = (name: string, stamp: string) =>
      memo.get(name, stamp, () => {
        built.push(`${name}@${stamp}`);
        return `${name}@${stamp}`;
      });
    expect(get('a', '1')).toBe('a@1');
    get('b', '1');
    expect(get('a', '1')).toBe('a@1');
    expect(get('b', '2')).toBe('b@2');
    expect(built).toEqual(['a@1', 'b@1', 'b@2']);
  });

  it('drops the least recently used beyond its capacity, and what retain refuses', () => {
    const memo = new StampedMemo<number>(2);
    let builds = 0;
    const build = () => ++builds;
    memo.get('a', 's', build);
    memo.get('b', 's', build);
    memo.get('a', 's', build); // a is now the most recent
    memo.get('c', 's', build); // drops b
    expect(builds).toBe(3);
    memo.get('a', 's', build);
    expect(builds).toBe(3);
    memo.get('b', 's', build);
    expect(builds).toBe(4);
    memo.retain(name => name !== 'b');
    memo.get('b', 's', build);
    expect(builds).toBe(5);
  });
});
