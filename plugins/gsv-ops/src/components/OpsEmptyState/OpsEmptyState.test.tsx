import { screen } from '@testing-library/react';
import { renderInTestApp } from '@backstage/test-utils';
import { parse } from 'yaml';
import { notAnnotatedEntity } from '../../__fixtures__/entities';
import { annotationSnippet, OpsEmptyState } from './OpsEmptyState';

describe('OpsEmptyState', () => {
  it('gives a snippet that is valid YAML with the annotations GSV Ops reads', () => {
    const parsed = parse(annotationSnippet(notAnnotatedEntity));
    expect(parsed.metadata.annotations).toEqual({
      'backstage.io/kubernetes-id': 'billing-api',
      'backstage.io/kubernetes-namespace': '<namespace>',
      'gsv.io/cnpg-cluster': '<namespace>/billing-api-postgres',
      'argocd/app-name': 'billing-api',
      'gsv.io/certificates': '<namespace>/billing-api-tls',
      'gsv.io/external-secrets': '<namespace>/billing-api-secrets',
    });
  });

  it('shows the snippet with a copy button', async () => {
    await renderInTestApp(
      <OpsEmptyState entity={notAnnotatedEntity} reason="not-annotated" />,
    );
    expect(
      screen.getByText('GSV Ops is not set up for this component'),
    ).toBeInTheDocument();
    expect(screen.getByTestId('annotation-snippet')).toHaveTextContent(
      'backstage.io/kubernetes-id: billing-api',
    );
    expect(screen.getByRole('button', { name: /copy/i })).toBeInTheDocument();
  });
});
