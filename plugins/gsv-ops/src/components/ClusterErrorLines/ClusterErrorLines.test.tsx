import { render, screen } from '@testing-library/react';
import { ClusterErrorLines, groupClusterErrors } from './ClusterErrorLines';

const fleet = Array.from({ length: 50 }, (_, i) => {
  const cluster = `fleet-${String(i + 1).padStart(2, '0')}`;
  return {
    cluster,
    message: `No Prometheus is configured for cluster ${cluster}`,
  };
});

describe('ClusterErrorLines', () => {
  it('groups the same failure of many clusters into one line that names them', () => {
    render(
      <ClusterErrorLines
        errors={[...fleet, { cluster: 'gsv-prod', message: 'timed out' }]}
      />,
    );
    expect(
      screen.getByText(
        'fleet-01: No Prometheus is configured for cluster fleet-01 — the same for 49 more clusters (fleet-02, fleet-03 … fleet-50)',
      ),
    ).toBeInTheDocument();
    expect(screen.getByText('gsv-prod: timed out')).toBeInTheDocument();
  });

  it('keeps different failures apart, lists five and counts the rest', () => {
    const errors = Array.from({ length: 8 }, (_, i) => ({
      cluster: `c${i}`,
      message: `reason ${i}`,
    }));
    expect(groupClusterErrors(errors)).toHaveLength(8);
    render(
      <ClusterErrorLines
        errors={errors}
        describe={e => `metrics could not be read (${e.message})`}
      />,
    );
    expect(
      screen.getByText('c0: metrics could not be read (reason 0)'),
    ).toBeInTheDocument();
    expect(screen.queryByText(/^c5:/)).toBeNull();
    expect(screen.getByText('… and 3 other failures')).toBeInTheDocument();
  });
});
