import {
  runCommand,
  shellWords,
  type CommandRun,
  type CommandWorld,
} from './containerCommands';

/**
 * A `sh -c` script of several lines, as a shell runs it: line by line, `echo`, `true`, `$?`, `$VAR`, `${VAR}` and
 * `${VAR:-default}` (nested defaults too) from the container's environment, redirections such as `2>&1` ignored (the
 * log is stdout and stderr). The exit code is the last line's. Unknown programs exit 127 (`sh: x: not found`). The
 * expansion is done before quotes are removed, so it also expands inside single quotes (no script of ours relies on
 * that).
 */
export function runShellScript(
  script: string,
  world: CommandWorld,
): CommandRun | undefined {
  const statements = script
    .split('\n')
    .map(line => line.trim())
    .filter(line => line && !line.startsWith('#'));
  if (statements.length < 2) return undefined;
  const lines: string[] = [];
  const commits: Array<() => void> = [];
  let status = 0;
  for (const statement of statements) {
    const words = shellWords(expand(statement, world, status)).filter(
      word => !/^\d?>&?\d*$|^\d?>\/dev\/null$/.test(word),
    );
    const program = words[0];
    const run = builtin(program, words) ??
      runCommand(words, world) ?? {
        exitCode: 127,
        lines: [`sh: ${program}: not found`],
      };
    lines.push(...run.lines);
    if (run.commit) commits.push(run.commit);
    status = run.exitCode;
  }
  return {
    exitCode: status,
    lines,
    commit: () => commits.forEach(commit => commit()),
  };
}

function expand(text: string, world: CommandWorld, status: number): string {
  let previous: string;
  let current = text.replace(/\$\?/g, String(status));
  // innermost first: ${A:-${B:-5432}} takes two rounds
  do {
    previous = current;
    current = current.replace(
      /\$\{(\w+)(?::-([^{}]*))?\}/g,
      (_, name: string, fallback?: string) =>
        world.env(name) || (fallback ?? ''),
    );
  } while (current !== previous);
  return current.replace(
    /\$(\w+)/g,
    (_, name: string) => world.env(name) ?? '',
  );
}

/** The shell's own `true` and `echo`. */
function builtin(program: string, words: string[]): CommandRun | undefined {
  if (program === 'true') return { exitCode: 0, lines: [] };
  if (program === 'echo')
    return { exitCode: 0, lines: [words.slice(1).join(' ')] };
  return undefined;
}
