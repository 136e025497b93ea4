import fs from 'node:fs';
import path from 'node:path';
import yaml from 'yaml';
import type { RunbookDefinition } from '@gsv/plugin-gsv-ops-common';
import type { RunbookTemplateAction } from '@gsv/plugin-scaffolder-backend-module-gsv-runbooks';
import type { ModuleAction } from './scaffolder';

/** The runbook templates the scaffolder module ships (its package's templates/). */
export const TEMPLATES_DIR = path.join(
  path.dirname(
    require.resolve(
      '@gsv/plugin-scaffolder-backend-module-gsv-runbooks/package.json',
    ),
  ),
  'templates',
);

/** A template file as the catalog would read it. */
export interface LoadedTemplate {
  file: string;
  /** The parsed document, or undefined when it does not parse. */
  entity?: TemplateEntity;
  problems: string[];
}

export interface TemplateStep {
  id?: string;
  name?: string;
  action: string;
  input?: Record<string, unknown>;
  if?: unknown;
}

export interface TemplateEntity {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    title?: string;
    description?: string;
    tags?: string[];
    annotations?: Record<string, string>;
  };
  spec: {
    owner?: string;
    type?: string;
    parameters: Array<Record<string, any>>;
    steps: TemplateStep[];
    output?: {
      links?: Array<{ title?: string; url?: string }>;
      text?: unknown[];
    };
  };
}

/** A template the static check examines, and where its checks write what they checked and what is wrong. */
export interface TemplateUnderCheck {
  entity: TemplateEntity;
  runbook: RunbookDefinition;
  /** The module's action of the runbook. */
  action: RunbookTemplateAction;
  /** Every action of the module, for the template's other `gsv:*` steps. */
  actions: Map<string, ModuleAction>;
  /** A chained template (e.g. the DR drill): it runs the runbook between other steps, under its own name. */
  chained: boolean;
  /** The (first) step that runs it. */
  step?: TemplateStep;
  checked: string[];
  problems: string[];
}

/**
 * Reads the Location `all.yaml` of a directory (default: this package's templates) and every template it lists; also
 * reports template files it does not list. A directory without `all.yaml` (a curators' repository) is read file by
 * file: every `.yaml`/`.yml` document of kind Template.
 */
export function loadTemplates(dir: string = TEMPLATES_DIR): {
  location: { targets: string[]; problems: string[] };
  templates: LoadedTemplate[];
} {
  const locationFile = path.join(dir, 'all.yaml');
  if (!fs.existsSync(locationFile)) {
    const targets = fs
      .readdirSync(dir)
      .filter(file => /\.ya?ml$/.test(file))
      .filter(file =>
        /^kind:\s*Template\s*$/m.test(
          fs.readFileSync(path.join(dir, file), 'utf8'),
        ),
      )
      .sort();
    return {
      location: {
        targets,
        problems: targets.length ? [] : [`${dir} holds no Template`],
      },
      templates: targets.map(target => loadTemplate(dir, target)),
    };
  }
  const locationProblems: string[] = [];
  let targets: string[] = [];
  try {
    const location = yaml.parse(fs.readFileSync(locationFile, 'utf8'));
    if (
      location?.kind !== 'Location' ||
      location?.apiVersion !== 'backstage.io/v1alpha1'
    ) {
      locationProblems.push('all.yaml is not a backstage.io/v1alpha1 Location');
    }
    targets = Array.isArray(location?.spec?.targets)
      ? location.spec.targets
      : [];
    if (!targets.length) locationProblems.push('all.yaml lists no targets');
  } catch (error) {
    locationProblems.push(
      `all.yaml does not parse: ${(error as Error).message}`,
    );
  }

  const listed = new Set(targets.map(target => path.resolve(dir, target)));
  for (const file of fs.readdirSync(dir)) {
    const full = path.join(dir, file);
    if (file.endsWith('.yaml') && full !== locationFile && !listed.has(full)) {
      locationProblems.push(
        `${file} is not listed in all.yaml, so the catalog never sees it`,
      );
    }
  }

  const templates = targets.map(target => loadTemplate(dir, target));
  return { location: { targets, problems: locationProblems }, templates };
}

/** One template file, parsed; what is wrong with it as a file. */
function loadTemplate(dir: string, target: string): LoadedTemplate {
  const file = path.resolve(dir, target);
  const loaded: LoadedTemplate = {
    file: path.relative(dir, file),
    problems: [],
  };
  if (!fs.existsSync(file)) {
    loaded.problems.push(`all.yaml lists ${target}, which does not exist`);
    return loaded;
  }
  try {
    const documents = yaml.parseAllDocuments(fs.readFileSync(file, 'utf8'));
    if (documents.length !== 1) {
      loaded.problems.push(
        `holds ${documents.length} YAML documents, expected one Template`,
      );
    }
    const [document] = documents;
    if (document?.errors.length) {
      loaded.problems.push(
        `does not parse: ${document.errors.map(e => e.message).join('; ')}`,
      );
    } else {
      loaded.entity = document?.toJS() as TemplateEntity;
    }
  } catch (error) {
    loaded.problems.push(`does not parse: ${(error as Error).message}`);
  }
  return loaded;
}
