import { ApiError } from '../api/errors';
import { FieldSelector, LabelSelector } from './selectors';

describe('label selectors', () => {
  const pod = { app: 'cmp', 'cnpg.io/cluster': 'cmp-postgres', role: 'replica', tier: '3' };

  it.each([
    ['app=cmp', true],
    ['app==cmp', true],
    ['app!=cmp', false],
    ['app=sso', false],
    ['app in (cmp,sso)', true],
    ['app notin (cmp)', false],
    ['missing notin (x)', true],
    ['missing!=x', true],
    ['role', true],
    ['!role', false],
    ['!missing', true],
    ['tier>2', true],
    ['tier<2', false],
    ['cnpg.io/cluster=cmp-postgres,role!=primary', true],
    ['cnpg.io/cluster=cmp-postgres, role in (primary)', false],
    ['', true],
  ])('%s → %s', (selector, expected) => {
    expect(LabelSelector.parse(selector).matches(pod)).toBe(expected);
  });

  it('matches objects without the label for != and notin (the role!=primary trap)', () => {
    const bootstrapPod = { 'cnpg.io/cluster': 'cmp-postgres', 'cnpg.io/jobRole': 'initdb' };
    expect(LabelSelector.parse('cnpg.io/cluster=cmp-postgres,role!=primary').matches(bootstrapPod)).toBe(true);
    expect(LabelSelector.parse('cnpg.io/cluster=cmp-postgres,cnpg.io/instanceRole=replica').matches(bootstrapPod)).toBe(false);
  });

  it('converts metav1.LabelSelector objects and prints the canonical form', () => {
    const selector = LabelSelector.fromObject({
      matchLabels: { app: 'web' },
      matchExpressions: [
        { key: 'tier', operator: 'In', values: ['front', 'back'] },
        { key: 'legacy', operator: 'DoesNotExist' },
      ],
    });
    expect(selector.toString()).toBe('app=web,tier in (back,front),!legacy');
    expect(selector.matches({ app: 'web', tier: 'front' })).toBe(true);
    expect(selector.matches({ app: 'web', tier: 'front', legacy: 'x' })).toBe(false);
    expect(LabelSelector.fromObject(undefined).isEverything).toBe(true);
  });

  it.each(['app in (a', 'app=in valid', 'Bad Key=x', 'tier>abc'])('rejects %s with 400', selector => {
    let caught: unknown;
    try {
      LabelSelector.parse(selector);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ApiError);
    expect((caught as ApiError).code).toBe(400);
  });
});

describe('field selectors', () => {
  const fields: Record<string, string> = { 'metadata.name': 'a,b', 'status.phase': 'Running', type: 'Warning' };
  const value = (field: string) => fields[field];

  it('matches =, == and != with AND semantics and escaped values', () => {
    expect(FieldSelector.parse('status.phase=Running').matches(value)).toBe(true);
    expect(FieldSelector.parse('status.phase==Running,type!=Normal').matches(value)).toBe(true);
    expect(FieldSelector.parse('status.phase!=Running').matches(value)).toBe(false);
    expect(FieldSelector.parse('metadata.name=a\\,b').matches(value)).toBe(true);
    expect(FieldSelector.parse('metadata.name=a').exactValue('metadata.name')).toBe('a');
  });

  it('rejects malformed selectors', () => {
    expect(() => FieldSelector.parse('status.phase')).toThrow(ApiError);
  });
});
