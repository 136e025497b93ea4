import { screen } from '@testing-library/react';
import type { MaintenanceCalendar } from '@gsv/plugin-gsv-ops-common';
import { fakeGsvOpsApi, renderOps } from '../../__testUtils__/renderOps';
import { MaintenanceCard } from './MaintenanceCard';

const base: MaintenanceCalendar = {
  environment: 'prod',
  generatedAt: new Date().toISOString(),
  restricted: true,
  windows: [
    {
      name: 'Thursday',
      cron: '0 10 * * 4',
      timezone: 'Europe/Berlin',
      durationMinutes: 60,
      next: [
        {
          start: new Date(Date.now() + 2 * 86_400_000).toISOString(),
          end: new Date(Date.now() + 2 * 86_400_000 + 3_600_000).toISOString(),
        },
      ],
    },
  ],
  freezes: [],
  windowExemptRunbooks: ['database-backup'],
  runbooks: [
    {
      runbook: 'deployment-restart',
      allowedNow: false,
      reason: 'prod is outside its maintenance window',
      approval: { required: 1, group: 'group:default/platform-team' },
    },
    { runbook: 'database-backup', allowedNow: true, reason: 'exempt' },
  ],
};

describe('MaintenanceCard', () => {
  it('says when the next window opens, and what each runbook may do now and needs', async () => {
    const api = fakeGsvOpsApi({ maintenance: base });
    await renderOps(<MaintenanceCard environment="prod" />, { api });
    expect(
      await screen.findByText(/Outside the maintenance windows of prod/),
    ).toHaveTextContent(/next “Thursday” in 2 days/);
    expect(screen.getByText(/Thursday: every/)).toHaveTextContent(
      '0 10 * * 4 (Europe/Berlin), 60 min',
    );
    const rows = screen.getByRole('table', { name: 'Runbooks now' });
    expect(rows).toHaveTextContent(
      'Restart deploymentNot now1 approval (platform-team)',
    );
    expect(rows).toHaveTextContent(
      'Back up database nowAllowed nowNo approval',
    );
    expect(api.getMaintenanceCalendar).toHaveBeenCalledWith('prod');
  });

  it('puts an active freeze first', async () => {
    const to = new Date(Date.now() + 5 * 86_400_000).toISOString();
    const api = fakeGsvOpsApi({
      maintenance: {
        ...base,
        freezes: [
          {
            name: 'Year end',
            from: base.generatedAt,
            to,
            reason: 'holidays',
            active: true,
            allowIncidentOverride: true,
            exemptRunbooks: [],
          },
        ],
      },
    });
    await renderOps(<MaintenanceCard environment="prod" />, { api });
    expect(
      await screen.findByText(/Change freeze “Year end” until/),
    ).toHaveTextContent(
      /holidays\. A declared P1\/P2 incident may override it\./,
    );
  });

  it('says an environment without windows is open', async () => {
    await renderOps(<MaintenanceCard environment="dev" />, {
      api: fakeGsvOpsApi(),
    });
    expect(
      await screen.findByText(
        'dev has no maintenance windows: changes are allowed at any time.',
      ),
    ).toBeInTheDocument();
  });
});
