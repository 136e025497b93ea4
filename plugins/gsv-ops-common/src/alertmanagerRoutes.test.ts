import {
  parseAlertmanagerMatchers,
  routeAlert,
  type AlertmanagerRouteConfig,
} from './alertmanagerRoutes';

const receivers = (
  root: AlertmanagerRouteConfig,
  labels: Record<string, string>,
) => routeAlert(root, labels).map(r => r.receiver);

describe('parseAlertmanagerMatchers', () => {
  it('reads quoted, unquoted, regex and negative matchers, several in one item, with or without braces', () => {
    expect(parseAlertmanagerMatchers('severity="critical"')).toEqual([
      { name: 'severity', type: '=', value: 'critical' },
    ]);
    expect(parseAlertmanagerMatchers('severity=critical')).toEqual([
      { name: 'severity', type: '=', value: 'critical' },
    ]);
    expect(parseAlertmanagerMatchers('{team=~"db|infra", env!="dev"}')).toEqual(
      [
        { name: 'team', type: '=~', value: 'db|infra' },
        { name: 'env', type: '!=', value: 'dev' },
      ],
    );
    expect(parseAlertmanagerMatchers('summary!~"a, \\"b\\""')).toEqual([
      { name: 'summary', type: '!~', value: 'a, "b"' },
    ]);
  });

  it('refuses what is not a matcher', () => {
    expect(() => parseAlertmanagerMatchers('severity')).toThrow(
      'bad matcher format: severity',
    );
    expect(() => parseAlertmanagerMatchers('a="b')).toThrow('unterminated');
  });
});

describe('routeAlert', () => {
  // The ops guide's §2.2 configuration, with the legacy `match`.
  const guide: AlertmanagerRouteConfig = {
    receiver: 'default',
    group_by: ['alertname', 'severity'],
    routes: [
      { match: { severity: 'critical' }, receiver: 'pagerduty-critical' },
      { match: { severity: 'warning' }, receiver: 'slack-warnings' },
    ],
  };

  it('takes the first matching child and stops there', () => {
    expect(
      routeAlert(guide, {
        alertname: 'AgentRegistryDown',
        severity: 'critical',
      }),
    ).toEqual([
      {
        receiver: 'pagerduty-critical',
        groupBy: ['alertname', 'severity'],
        path: [0],
        matchers: ['severity="critical"'],
        continue: false,
      },
    ]);
    expect(receivers(guide, { severity: 'warning' })).toEqual([
      'slack-warnings',
    ]);
  });

  it('leaves an alert no child takes with the default (root) route', () => {
    expect(
      routeAlert(guide, { alertname: 'Watchdog', severity: 'none' }),
    ).toEqual([
      {
        receiver: 'default',
        groupBy: ['alertname', 'severity'],
        path: [],
        matchers: [],
        continue: false,
      },
    ]);
    expect(receivers(guide, {})).toEqual(['default']);
  });

  it('goes on after a route with continue, and collects every match until one without it', () => {
    const root: AlertmanagerRouteConfig = {
      receiver: 'default',
      routes: [
        {
          matchers: ['severity="critical"'],
          receiver: 'pagerduty',
          continue: true,
        },
        { matchers: ['namespace="cmp"'], receiver: 'team-cmp' },
        { matchers: ['severity=~"critical|warning"'], receiver: 'slack' },
      ],
    };
    expect(receivers(root, { severity: 'critical', namespace: 'cmp' })).toEqual(
      ['pagerduty', 'team-cmp'],
    );
    expect(receivers(root, { severity: 'critical', namespace: 'sso' })).toEqual(
      ['pagerduty', 'slack'],
    );
    expect(receivers(root, { severity: 'warning', namespace: 'sso' })).toEqual([
      'slack',
    ]);
    expect(receivers(root, { severity: 'info', namespace: 'sso' })).toEqual([
      'default',
    ]);
  });

  it('descends into nested routes and inherits receiver and group_by', () => {
    const root: AlertmanagerRouteConfig = {
      receiver: 'default',
      group_by: ['alertname'],
      routes: [
        {
          match_re: { service: 'agent-.*' },
          receiver: 'team-agents',
          group_by: ['...'],
          routes: [
            { matchers: ['severity="critical"'] },
            { matchers: ['severity="info"'], receiver: 'null' },
          ],
        },
      ],
    };
    expect(
      routeAlert(root, { service: 'agent-registry', severity: 'critical' }),
    ).toEqual([
      {
        receiver: 'team-agents',
        groupBy: ['...'],
        path: [0, 0],
        matchers: ['severity="critical"'],
        continue: false,
      },
    ]);
    expect(
      routeAlert(root, { service: 'agent-registry', severity: 'warning' }),
    ).toMatchObject([
      { receiver: 'team-agents', path: [0], matchers: ['service=~"agent-.*"'] },
    ]);
    expect(
      receivers(root, { service: 'agent-registry', severity: 'info' }),
    ).toEqual(['null']);
    // match_re is anchored: "my-agent-x" does not match agent-.*
    expect(receivers(root, { service: 'my-agent-x' })).toEqual(['default']);
  });

  it('treats a missing label as empty, as Alertmanager does', () => {
    const root: AlertmanagerRouteConfig = {
      receiver: 'default',
      routes: [
        { matchers: ['team=""'], receiver: 'unowned' },
        { matchers: ['team!="db"'], receiver: 'not-db' },
      ],
    };
    expect(receivers(root, { alertname: 'X' })).toEqual(['unowned']);
    expect(receivers(root, { team: 'web' })).toEqual(['not-db']);
    expect(receivers(root, { team: 'db' })).toEqual(['default']);
  });

  it('needs every matcher of a route, from matchers, match and match_re together', () => {
    const root: AlertmanagerRouteConfig = {
      receiver: 'default',
      routes: [
        {
          matchers: ['severity="critical"'],
          match: { namespace: 'cmp' },
          match_re: { alertname: 'High.*' },
          receiver: 'r',
        },
      ],
    };
    expect(
      receivers(root, {
        severity: 'critical',
        namespace: 'cmp',
        alertname: 'HighLatency',
      }),
    ).toEqual(['r']);
    expect(
      receivers(root, {
        severity: 'critical',
        namespace: 'cmp',
        alertname: 'Down',
      }),
    ).toEqual(['default']);
    expect(
      receivers(root, {
        severity: 'critical',
        namespace: 'sso',
        alertname: 'HighLatency',
      }),
    ).toEqual(['default']);
  });
});
