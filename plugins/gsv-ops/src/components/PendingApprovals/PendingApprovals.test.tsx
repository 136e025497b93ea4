import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { pendingSwitchover } from '../../__fixtures__/operations';
import { fakeGsvOpsApi, renderOps } from '../../__testUtils__/renderOps';
import { PendingApprovals } from './PendingApprovals';

const ENTITY = 'component:default/agent-registry';

describe('PendingApprovals', () => {
  it('shows nothing when nothing waits', async () => {
    const api = fakeGsvOpsApi();
    await renderOps(<PendingApprovals entityRef={ENTITY} />, { api });
    await waitFor(() =>
      expect(api.listPendingApprovals).toHaveBeenCalledWith(
        { entityRef: ENTITY },
        expect.anything(),
      ),
    );
    expect(screen.queryByText('Waiting for approval')).not.toBeInTheDocument();
  });

  it('shows an approver the reviewed plan, and approves with a comment', async () => {
    const api = fakeGsvOpsApi({ approvals: [pendingSwitchover(true)] });
    api.decideApproval.mockResolvedValue(pendingSwitchover(true).operation);
    await renderOps(<PendingApprovals entityRef={ENTITY} />, { api });
    expect(await screen.findByText('Waiting for approval')).toBeInTheDocument();
    expect(
      screen.getByText(
        /Switch over database: Cluster cmp\/cmp-postgres in gsv-prod \(prod\)/,
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/0 of 1 approval from platform-team/),
    ).toBeInTheDocument();
    expect(screen.getByLabelText('Reviewed plan')).toHaveTextContent(
      '+ targetPrimary: cmp-postgres-2',
    );
    await userEvent.type(
      screen.getByLabelText('Comment (optional)'),
      'checked the lag',
    );
    await userEvent.click(
      screen.getByRole('button', { name: 'Approve and run' }),
    );
    await waitFor(() =>
      expect(api.decideApproval).toHaveBeenCalledWith(
        'op-9',
        'approve',
        'checked the lag',
      ),
    );
    await waitFor(() =>
      expect(api.listPendingApprovals).toHaveBeenCalledTimes(2),
    );
  });

  it('tells the requester why they cannot approve, with no buttons', async () => {
    const api = fakeGsvOpsApi({ approvals: [pendingSwitchover(false)] });
    await renderOps(<PendingApprovals entityRef={ENTITY} />, { api });
    expect(
      await screen.findByText(/You requested this operation/),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Approve and run' }),
    ).not.toBeInTheDocument();
  });

  it('says what went wrong when a decision is refused', async () => {
    const api = fakeGsvOpsApi({ approvals: [pendingSwitchover(true)] });
    api.decideApproval.mockRejectedValue(
      new Error('The approval of operation op-9 expired'),
    );
    await renderOps(<PendingApprovals entityRef={ENTITY} />, { api });
    await userEvent.click(
      await screen.findByRole('button', { name: 'Reject' }),
    );
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'The approval of operation op-9 expired',
    );
  });
});
