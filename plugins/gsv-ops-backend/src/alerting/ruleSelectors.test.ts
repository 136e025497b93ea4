import { selectedBy, selectorMatchers } from './ruleSelectors';

describe('selectorMatchers', () => {
  it('reads every selector of an expression, with each quoting style, ignoring braces in strings and comments', () => {
    expect(
      selectorMatchers(
        'sum(rate(http_requests_total{job="agent-registry",status=~"5.."}[5m])) / sum(x{job=\'a\\\'b\'}) or y{namespace=`c\\d`, } # {job="commented"}\n + label_replace(up, "d", "{x}", "", "")',
      ),
    ).toEqual([
      [
        { name: 'job', type: '=', value: 'agent-registry' },
        { name: 'status', type: '=~', value: '5..' },
      ],
      [{ name: 'job', type: '=', value: "a'b" }],
      [{ name: 'namespace', type: '=', value: 'c\\d' }],
    ]);
  });

  it('refuses what it cannot read', () => {
    expect(() => selectorMatchers('up{job="a"')).toThrow('unclosed selector');
    expect(() => selectorMatchers('up{job}')).toThrow('unreadable matcher job');
  });
});

describe('selectedBy', () => {
  const service = { job: 'agent-registry', namespace: 'cmp' };

  it('matches a rule by an equal or regex job matcher', () => {
    expect(selectedBy('sum(up{job="agent-registry"}) == 0', service)).toEqual([
      'job',
    ]);
    expect(selectedBy('up{job=~"agent-.*|keycloak"} == 0', service)).toEqual([
      'job',
    ]);
    // anchored, as in Prometheus: "agent" alone does not select agent-registry
    expect(selectedBy('up{job=~"agent"} == 0', service)).toEqual([]);
    expect(selectedBy('up{job="keycloak"} == 0', service)).toEqual([]);
  });

  it('matches a rule by namespace, and by both', () => {
    expect(
      selectedBy(
        'kubelet_volume_stats_used_bytes{namespace="cmp"} > 0',
        service,
      ),
    ).toEqual(['namespace']);
    expect(
      selectedBy('up{namespace="cmp", job="agent-registry"}', service),
    ).toEqual(['job', 'namespace']);
    expect(selectedBy('up{namespace="sso"}', service)).toEqual([]);
  });

  it('does not count negative matchers alone, and needs every job matcher of a selector to accept', () => {
    expect(selectedBy('up{job!="keycloak"} == 0', service)).toEqual([]);
    expect(
      selectedBy('up{job=~"agent-.*", job!="agent-registry"}', service),
    ).toEqual([]);
    expect(
      selectedBy('up{job=~"agent-.*", job!~".*-worker"}', service),
    ).toEqual(['job']);
  });

  it('selects nothing without a job, or for an unreadable expression', () => {
    expect(
      selectedBy('up{job="agent-registry"}', { namespace: 'cmp' }),
    ).toEqual([]);
    expect(selectedBy('up{job="agent-registry"', service)).toEqual([]);
    expect(selectedBy('vector(1)', service)).toEqual([]);
  });
});
