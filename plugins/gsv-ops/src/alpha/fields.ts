import { createFormField } from '@backstage/plugin-scaffolder-react/alpha';
import { dryRunReviewField, targetPickerField } from '../scaffolder/fields';

export const targetPickerFormField = createFormField(targetPickerField);

export const dryRunReviewFormField = createFormField(dryRunReviewField);
