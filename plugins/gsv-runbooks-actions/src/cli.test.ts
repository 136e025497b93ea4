import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const CLI = path.resolve(__dirname, '../scripts/gsv-runbooks.mjs');
const DRILL = path.resolve(__dirname, '../templates/gsv-dr-restore-drill.yaml');

/** Runs `gsv-runbooks <args>` as a curator would; resolves with the exit code and the output. */
async function cli(...args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI, ...args], {
      timeout: 180_000,
    });
    return { code: 0, output: stdout + stderr };
  } catch (error: any) {
    return {
      code: error.code as number,
      output: `${error.stdout}${error.stderr}`,
    };
  }
}

describe('gsv-runbooks check <dir>', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gsv-templates-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('passes a curators’ directory with the DR drill and fails a broken copy, naming the problems', async () => {
    fs.copyFileSync(DRILL, path.join(dir, 'dr-drill.yaml'));
    fs.writeFileSync(path.join(dir, 'README.md'), 'not a template');
    const good = await cli('check', dir, '--static');
    expect(good.output).toContain('dr-drill.yaml');
    expect(good.output).toContain('All 1 runbook templates are fine');
    expect(good.code).toBe(0);

    const broken = fs
      .readFileSync(DRILL, 'utf8')
      .replace(
        'action: gsv:service:check-health',
        'action: gsv:service:check-healthy',
      )
      .replace(
        'entityRef: ${{ parameters.service }}',
        'entityRef: ${{ parameters.sevice }}',
      )
      .replace(
        "content: ${{ steps['check-health'].output.summary }}",
        "content: ${{ steps['verify'].output.summary }}",
      );
    fs.writeFileSync(path.join(dir, 'broken.yaml'), broken);
    const bad = await cli('check', dir, '--static');
    expect(bad.code).toBe(1);
    expect(bad.output).toContain(
      '✗ broken.yaml: step check-health uses gsv:service:check-healthy, which the module does not register',
    );
    expect(bad.output).toContain(
      '✗ broken.yaml: step check-health uses parameters.sevice, which the form does not ask',
    );
    expect(bad.output).toContain(
      '✗ broken.yaml: spec.output uses the output of step verify, which does not run before it',
    );
    expect(bad.output).toMatch(/3 problems in the runbook templates/);
  }, 240_000);

  it('validates the inputs of the check steps against the actions’ schemas', async () => {
    fs.writeFileSync(
      path.join(dir, 'drill.yaml'),
      fs
        .readFileSync(DRILL, 'utf8')
        .replace(
          'database: ${{ parameters.target.name }}',
          'databse: ${{ parameters.target.name }}',
        ),
    );
    const bad = await cli('check', dir, '--static');
    expect(bad.code).toBe(1);
    expect(bad.output).toMatch(
      /step check-restorable: the rendered input fails gsv:database:check-restorable's schema: .*databse/,
    );
  }, 240_000);

  it('exits 2 with the usage on wrong arguments', async () => {
    expect(await cli('chek', dir)).toEqual({
      code: 2,
      output: 'Usage: gsv-runbooks check [<dir>] [--static]\n',
    });
    expect((await cli('check', path.join(dir, 'missing'))).code).toBe(2);
  });
});
