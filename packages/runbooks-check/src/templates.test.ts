import { RUNBOOKS } from '@gsv/plugin-gsv-ops-common';
import {
  checkTemplateStatically,
  knownFieldExtensions,
  realActions,
} from './staticChecks';
import { loadTemplates } from './templates';

// The static half of `npm run templates:check`, so a broken template also fails the unit tests.
describe('runbook templates', () => {
  const { location, templates } = loadTemplates();
  const actions = realActions();
  const fields = knownFieldExtensions();

  it('are all listed in all.yaml, one per runbook, and the DR drill', () => {
    expect(location.problems).toEqual([]);
    expect(templates.map(t => t.entity?.metadata.name).sort()).toEqual(
      [...RUNBOOKS.map(r => r.templateName), 'gsv-dr-restore-drill'].sort(),
    );
  });

  it('use fields the app provides', () => {
    expect([...fields.names]).toEqual(
      expect.arrayContaining([
        'EntityPicker',
        'GsvOpsTargetPicker',
        'GsvOpsDryRunReview',
      ]),
    );
  });

  it.each(templates.map(t => [t.file, t] as const))(
    '%s passes the static checks',
    (_file, loaded) => {
      const result = checkTemplateStatically(loaded, {
        actions,
        fields: fields.names,
      });
      expect(result.problems).toEqual([]);
      expect(result.checked.length).toBeGreaterThanOrEqual(8);
    },
  );
});
