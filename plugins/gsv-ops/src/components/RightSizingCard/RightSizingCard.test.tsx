import { screen, waitFor, within } from '@testing-library/react';
import { ResponseError } from '@backstage/errors';
import type { ClusterOpsView } from '@gsv/plugin-gsv-ops-common';
import { entityRightSizingView } from '../../__fixtures__/rightSizing';
import { fakeGsvOpsApi, renderOps } from '../../__testUtils__/renderOps';
import { RightSizingCard } from './RightSizingCard';

const ENTITY_REF = 'component:default/agent-registry';
const cluster = {
  cluster: { name: 'gsv-dev', environment: 'dev', synced: true },
} as ClusterOpsView;
const formDataOf = (href: string | null) =>
  JSON.parse(
    new URL(href!, 'http://app').searchParams.get('formData') ?? 'null',
  );

async function responseError(status: number, message: string) {
  return ResponseError.fromResponse(
    new Response(
      JSON.stringify({
        error: { name: status === 403 ? 'NotAllowedError' : 'Error', message },
        request: { method: 'GET', url: '/right-sizing' },
        response: { statusCode: status },
      }),
      { status, headers: { 'Content-Type': 'application/json' } },
    ),
  );
}

const render = (api = fakeGsvOpsApi()) =>
  renderOps(<RightSizingCard entityRef={ENTITY_REF} cluster={cluster} />, {
    api,
  });

describe('RightSizingCard', () => {
  it('compares requests with p95 usage and opens the set-resources runbook with the suggested request', async () => {
    const api = fakeGsvOpsApi();
    await render(api);
    const [worker, young] = await screen.findAllByTestId('right-sizing-row');
    expect(api.getEntityRightSizing).toHaveBeenCalledWith(ENTITY_REF, {
      cluster: 'gsv-dev',
      signal: expect.anything(),
    });
    expect(worker).toHaveTextContent('worker');
    expect(worker).toHaveTextContent('151 MiB (29%)');
    expect(worker).toHaveTextContent('512 MiB / 1 GiB');
    expect(
      within(worker).getByTestId('right-sizing-verdict'),
    ).toHaveTextContent('Over-provisioned');
    expect(
      within(worker).getByTestId('right-sizing-suggestion'),
    ).toHaveTextContent('CPU 160m, memory 192Mi');
    const button = within(worker).getByRole('button', {
      name: 'Set deployment resources: cmp/agent-registry-worker',
    });
    await waitFor(() =>
      expect(button).not.toHaveAttribute('aria-disabled', 'true'),
    );
    expect(formDataOf(button.getAttribute('href'))).toEqual({
      entityRef: ENTITY_REF,
      target: {
        cluster: 'gsv-dev',
        environment: 'dev',
        namespace: 'cmp',
        name: 'agent-registry-worker',
      },
      parameters: { container: 'worker', requests: { memory: '192Mi' } },
    });
    // three hours into a 7d window: no verdict, no suggestion, no button
    expect(within(young).getByTestId('right-sizing-verdict')).toHaveTextContent(
      'Not enough data yet3 h of usage; a verdict needs 1 d',
    );
    expect(within(young).queryByRole('button')).toBeNull();
  });

  it('lists unmounted volumes and finished Jobs with the cleanup runbook', async () => {
    await render();
    expect(await screen.findByTestId('unused-pvc')).toHaveTextContent(
      'cmp/agent-registry-media-export: 20 GiB',
    );
    const jobs = screen.getByTestId('completed-jobs');
    expect(jobs).toHaveTextContent('cmp: 6 succeeded, 1 failed');
    expect(jobs).toHaveTextContent('3 Jobs of CronJobs');
    const cleanup = within(jobs).getByRole('button', {
      name: 'Clean up old jobs and ReplicaSets: cmp',
    });
    await waitFor(() =>
      expect(cleanup).not.toHaveAttribute('aria-disabled', 'true'),
    );
    expect(formDataOf(cleanup.getAttribute('href'))).toMatchObject({
      target: { cluster: 'gsv-dev', name: 'cmp' },
      parameters: { completedJobsOlderThanHours: 24 },
    });
  });

  it('says why there is no usage, and what there is to show when there is nothing', async () => {
    await render(
      fakeGsvOpsApi({
        rightSizing: entityRightSizingView({
          usageConfigured: false,
          containers: [],
          unusedPvcs: [],
          completedJobs: [],
        }),
      }),
    );
    expect(
      await screen.findByTestId('right-sizing-no-prometheus'),
    ).toHaveTextContent('No Prometheus is configured for gsv-dev');
    expect(screen.getByTestId('no-containers')).toBeInTheDocument();
    expect(screen.getByTestId('no-unused-pvcs')).toBeInTheDocument();
    expect(screen.getByTestId('no-completed-jobs')).toBeInTheDocument();
  });

  it('keeps requests and leftovers when Prometheus fails', async () => {
    await render(
      fakeGsvOpsApi({
        rightSizing: entityRightSizingView({
          errors: [
            {
              source: 'prometheus',
              message: 'Usage in cmp: Prometheus is unreachable',
            },
          ],
        }),
      }),
    );
    expect(
      await screen.findByTestId('right-sizing-usage-error'),
    ).toHaveTextContent('Prometheus is unreachable');
    expect(screen.getAllByTestId('right-sizing-row')).toHaveLength(2);
  });

  it('explains a refusal instead of showing the error', async () => {
    await render(
      fakeGsvOpsApi({ rightSizing: await responseError(403, 'Not allowed') }),
    );
    expect(await screen.findByTestId('permission-denied')).toHaveTextContent(
      'gsv-ops.entity.read',
    );
  });

  it('offers a retry when loading fails', async () => {
    const api = fakeGsvOpsApi({
      rightSizing: await responseError(500, 'catalog unavailable'),
    });
    await render(api);
    expect(
      await screen.findByText(
        /Could not load the right-sizing of this service/,
      ),
    ).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Try again' })).toBeVisible();
  });

  it('shows a placeholder while loading', async () => {
    const api = fakeGsvOpsApi();
    api.getEntityRightSizing.mockReturnValue(new Promise(() => {}));
    await render(api);
    expect(screen.getByTestId('right-sizing-loading')).toHaveAttribute(
      'aria-busy',
      'true',
    );
  });
});
