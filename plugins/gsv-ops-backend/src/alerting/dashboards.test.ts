import { ConfigReader } from '@backstage/config';
import { dashboardsFor, readDashboardsConfig } from './dashboards';

const GUIDE = [
  {
    title: 'Platform Overview',
    url: 'https://grafana.gsv.example/d/gsv-overview',
  },
  {
    title: 'Agent Metrics',
    url: 'https://grafana.gsv.example/d/gsv-agents?var-job={service}&var-namespace={namespace}',
  },
  {
    title: 'Infrastructure',
    url: 'https://grafana.dev.gsv.example/d/kubernetes-overview?var-cluster={cluster}',
    environment: 'dev',
  },
  {
    title: 'Database',
    url: 'https://grafana.gsv.example/d/cnpg-postgres?var-namespace={namespace}',
    environment: 'prod',
  },
];
const values = {
  namespace: 'cmp',
  service: 'agent-registry',
  cluster: 'gsv-dev',
  environment: 'dev',
};

describe('dashboards', () => {
  it('fills the placeholders of the dashboards of the environment, then adds the annotation ones', () => {
    const templates = readDashboardsConfig(
      new ConfigReader({ gsvOps: { dashboards: GUIDE } }),
    );
    const { dashboards, problems } = dashboardsFor({
      templates,
      annotations: {
        'gsv.io/dashboards': JSON.stringify([
          {
            title: 'Runbook board',
            url: 'https://grafana.gsv.example/d/x?ns={namespace}&q=a b',
          },
        ]),
      },
      values: { ...values, namespace: 'c&p' },
    });
    expect(problems).toEqual([]);
    expect(dashboards).toEqual([
      {
        title: 'Platform Overview',
        url: 'https://grafana.gsv.example/d/gsv-overview',
        source: 'config',
      },
      {
        title: 'Agent Metrics',
        url: 'https://grafana.gsv.example/d/gsv-agents?var-job=agent-registry&var-namespace=c%26p',
        source: 'config',
      },
      {
        title: 'Infrastructure',
        url: 'https://grafana.dev.gsv.example/d/kubernetes-overview?var-cluster=gsv-dev',
        source: 'config',
      },
      {
        title: 'Runbook board',
        url: 'https://grafana.gsv.example/d/x?ns=c%26p&q=a b',
        source: 'annotation',
      },
    ]);
  });

  it('says why an annotation is ignored, and refuses bad config with its path', () => {
    expect(
      dashboardsFor({
        templates: [],
        annotations: {
          'gsv.io/dashboards': '[{"title":"x","url":"javascript:alert(1)"}]',
        },
        values,
      }),
    ).toEqual({
      dashboards: [],
      problems: [
        {
          source: 'configuration',
          message: expect.stringContaining(
            'gsv.io/dashboards annotation is ignored',
          ),
        },
      ],
    });
    expect(
      dashboardsFor({
        templates: [],
        annotations: { 'gsv.io/dashboards': 'not json' },
        values,
      }).problems,
    ).toHaveLength(1);
    expect(() =>
      readDashboardsConfig(
        new ConfigReader({
          gsvOps: { dashboards: [{ title: 'x', url: 'https://g/{pod}' }] },
        }),
      ),
    ).toThrow(
      'Invalid config at gsvOps.dashboards[0].url: may only use the placeholders {namespace}, {service}, {cluster}, {environment}',
    );
    expect(readDashboardsConfig(new ConfigReader({}))).toEqual([]);
  });
});
