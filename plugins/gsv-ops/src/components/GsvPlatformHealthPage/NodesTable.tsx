import type { NodeView } from '@gsv/plugin-gsv-ops-common';
import { levelColumn, nowrap } from './columns';
import { ObjectName } from './ObjectName';
import { PlatformTable, worstRowFirst } from './PlatformTable';
import type { PlatformCheckProps } from './PlatformTable';
import { usePlatformStyles } from './styles';

/** "NotReady", the pressure conditions that are true ("DiskPressure"), or "Ready". */
export function nodeText(node: NodeView): string {
  if (!node.ready) return 'NotReady';
  const pressure = node.conditions
    .filter(c => c.type !== 'Ready' && c.status === 'True')
    .map(c => c.type);
  return pressure.length > 0 ? pressure.join(', ') : 'Ready';
}

type NodeRow = { id: string; item: NodeView };

/** `kubectl get nodes` across clusters, troubled nodes first. */
export const NodesTable = ({ view }: PlatformCheckProps) => {
  const classes = usePlatformStyles();
  const unknown = <span className={classes.secondary}>unknown</span>;
  const data = view.nodes
    .map(
      (node): NodeRow => ({ id: `${node.cluster}/${node.name}`, item: node }),
    )
    .sort(worstRowFirst);
  return (
    <PlatformTable<NodeRow>
      testId="nodes"
      title="Nodes"
      subtitle="kubectl get nodes"
      data={data}
      empty="No nodes reported"
      columns={[
        levelColumn(
          'Status',
          ({ item }) => item.level,
          ({ item }) => nodeText(item),
        ),
        {
          title: 'Node',
          render: ({ item }) => (
            <ObjectName name={item.name} extra={item.roles.join(', ')} />
          ),
        },
        {
          title: 'Cluster',
          cellStyle: nowrap,
          render: ({ item }) => item.cluster,
        },
        {
          title: 'CPU',
          cellStyle: nowrap,
          render: ({ item }) => item.cpuUsage ?? unknown,
        },
        {
          title: 'Memory',
          cellStyle: nowrap,
          render: ({ item }) => item.memoryUsage ?? unknown,
        },
        {
          title: 'Kubelet',
          cellStyle: nowrap,
          render: ({ item }) => (
            <span className={classes.mono}>{item.kubeletVersion ?? '—'}</span>
          ),
        },
      ]}
    />
  );
};
