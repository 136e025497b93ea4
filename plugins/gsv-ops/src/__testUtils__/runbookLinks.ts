import { waitFor } from '@testing-library/react';

/** The prefilled form data of a runbook button's link, once its permission check has enabled it with the template. */
export async function formDataOfButton(button: HTMLElement, template: string) {
  await waitFor(() =>
    expect(button.getAttribute('href')).toMatch(
      new RegExp(`^/create/templates/default/${template}\\?formData=`),
    ),
  );
  return JSON.parse(
    new URL(button.getAttribute('href')!, 'http://app').searchParams.get(
      'formData',
    )!,
  );
}
