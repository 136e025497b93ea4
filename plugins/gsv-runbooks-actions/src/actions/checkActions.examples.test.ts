import { validate } from 'jsonschema';
import yaml from 'yaml';
import { createCheckTestOptions } from '../__testUtils__/actionTestKit';
import { createCheckServiceHealthAction } from './checkServiceHealth';
import { createCheckDatabaseRestorableAction } from './checkDatabaseRestorable';
import { examples as healthExamples } from './checkServiceHealth.examples';
import { examples as restorableExamples } from './checkDatabaseRestorable.examples';

describe.each([
  [createCheckServiceHealthAction(createCheckTestOptions()), healthExamples],
  [
    createCheckDatabaseRestorableAction(createCheckTestOptions()),
    restorableExamples,
  ],
])('examples of %s', (action, examples) => {
  it.each(examples.map(e => [e.description, e]))(
    '%s: names the action and passes its schema',
    (_d, example) => {
      const steps = yaml.parse(example.example).steps;
      expect(steps).toHaveLength(1);
      expect(steps[0].action).toBe(action.id);
      expect(
        validate(steps[0].input, action.schema!.input as any).errors.map(
          e => e.stack,
        ),
      ).toEqual([]);
    },
  );
});
