import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { EntityLogs, LogLine } from '@gsv/plugin-gsv-ops-common';
import { fakeGsvOpsApi, renderOps } from '../../__testUtils__/renderOps';
import { LogsCard } from './LogsCard';

const ENTITY = 'component:default/agent-registry';

const line = (text: string, patterns: string[] = []): LogLine => ({
  pod: 'agent-registry-7d9-abc',
  container: 'app',
  time: '2026-12-07T10:00:00.000Z',
  text,
  patterns,
});

const logs: EntityLogs = {
  cluster: 'gsv-dev',
  sources: [
    {
      pod: 'agent-registry-7d9-abc',
      namespace: 'cmp',
      containers: ['app', 'proxy'],
      restarts: 2,
    },
  ],
  lines: [
    line('GET /healthz 200'),
    line('ERROR webhook delivery failed', ['errors', 'webhook-errors']),
  ],
  counts: { errors: 1, 'webhook-errors': 1 },
  scanned: 40,
  truncated: false,
  sinceSeconds: 3600,
  errors: [],
};

describe('LogsCard', () => {
  it('shows the recent lines with the guide’s pattern counts, and asks the backend for a pattern and a search', async () => {
    const api = fakeGsvOpsApi({ logs });
    await renderOps(<LogsCard entityRef={ENTITY} cluster="gsv-dev" />, { api });
    expect(await screen.findByLabelText('Log lines')).toHaveTextContent(
      'agent-registry-7d9-abc/app ERROR webhook delivery failed',
    );
    expect(screen.getByTestId('logs-summary')).toHaveTextContent(
      '2 of 40 lines read',
    );
    await userEvent.click(screen.getByRole('button', { name: 'Errors · 1' }));
    await waitFor(() =>
      expect(api.getEntityLogs).toHaveBeenLastCalledWith(
        ENTITY,
        expect.objectContaining({ cluster: 'gsv-dev', patterns: ['errors'] }),
        expect.anything(),
      ),
    );
    await userEvent.type(
      screen.getByLabelText('Search (Enter)'),
      'webhook{Enter}',
    );
    await waitFor(() =>
      expect(api.getEntityLogs).toHaveBeenLastCalledWith(
        ENTITY,
        expect.objectContaining({ search: 'webhook', patterns: ['errors'] }),
        expect.anything(),
      ),
    );
  });

  it('follows one pod live once it is chosen', async () => {
    const api = fakeGsvOpsApi({ logs });
    api.followEntityLogs.mockImplementation(async (_ref, _query, onLine) => {
      onLine(line('POST /api/v1/agents 201'));
      return 'The follow time is over; follow again to go on';
    });
    await renderOps(<LogsCard entityRef={ENTITY} cluster="gsv-dev" />, { api });
    const follow = await screen.findByRole('checkbox', {
      name: 'Follow live (choose a pod)',
    });
    expect(follow).toBeDisabled();
    await userEvent.click(screen.getByLabelText('Pod'));
    await userEvent.click(
      await screen.findByRole('option', {
        name: 'agent-registry-7d9-abc (2 restarts)',
      }),
    );
    await userEvent.click(
      await screen.findByRole('checkbox', { name: 'Follow live' }),
    );
    expect(await screen.findByLabelText('Log lines')).toHaveTextContent(
      'POST /api/v1/agents 201',
    );
    expect(api.followEntityLogs).toHaveBeenCalledWith(
      ENTITY,
      expect.objectContaining({ pod: 'agent-registry-7d9-abc' }),
      expect.any(Function),
      expect.anything(),
    );
    expect(screen.getByTestId('logs-summary')).toHaveTextContent(
      'The follow time is over',
    );
  });

  it('says why when the logs may not be read', async () => {
    const api = fakeGsvOpsApi({
      logs: new Error(
        'You are not allowed to read the logs of component:default/agent-registry (permission gsv-ops.logs.read)',
      ),
    });
    await renderOps(<LogsCard entityRef={ENTITY} cluster="gsv-dev" />, { api });
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'permission gsv-ops.logs.read',
    );
  });
});
