import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp } from '@backstage/test-utils';
import { Freshness } from './Freshness';

describe('Freshness', () => {
  it('says the data is live and since when it was confirmed', async () => {
    await renderInTestApp(
      <Freshness status="live" checkedAt={Date.now() - 12_000} />,
    );
    expect(screen.getByRole('status')).toHaveTextContent('Live');
    // 12 s, or a little more on a busy machine
    expect(screen.getByTestId('freshness')).toHaveTextContent(
      /as of 1[2-4] seconds ago/,
    );
  });

  it('says nothing is requested while the tab is hidden', async () => {
    await renderInTestApp(
      <Freshness status="paused" checkedAt={Date.now() - 90_000} />,
    );
    expect(screen.getByRole('status')).toHaveTextContent(
      'Paused while the tab is hidden',
    );
    // an age is truncated: 90 s is "1 minute ago"
    expect(screen.getByTestId('freshness')).toHaveTextContent(
      'as of 1 minute ago',
    );
  });

  it('offers to retry while reconnecting', async () => {
    const retry = jest.fn();
    await renderInTestApp(
      <Freshness
        status="retrying"
        checkedAt={Date.now()}
        error={new Error('Failed to fetch')}
        onRetry={retry}
      />,
    );
    expect(screen.getByRole('status')).toHaveTextContent('Reconnecting…');
    await userEvent.click(screen.getByRole('button', { name: 'Retry now' }));
    expect(retry).toHaveBeenCalled();
  });
});
