/**
 * Command-line plumbing shared by `npm run train` and `npm run colorize`: flags to
 * settings (`--weight-decay 1e-4` -> weightDecay), and one-line errors with exit code 2
 * for user mistakes (a stack trace only for bugs).
 */
import { spawnSync } from 'node:child_process';
import { BackendUnavailable } from './backend/select';
import { ConfigError } from './config';
import { DataError } from './dataset/files';
import { ImageFileError } from './image/files';

export class UsageError extends Error {
  override name = 'UsageError';
}

export interface ParsedFlags {
  /** --name value pairs, names in camelCase. */
  values: Record<string, string>;
  /** Flags given without a value (--resume). */
  switches: Set<string>;
}

const camel = (s: string) => s.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

/**
 * Parses `--name value`, `--name=value` and bare `--name` (a switch when the next word is
 * another flag or absent, or when `name` is in `switchNames`). Positional words are errors.
 */
export function parseFlags(argv: string[], switchNames: string[] = []): ParsedFlags {
  const values: Record<string, string> = {};
  const switches = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i];
    if (!word.startsWith('--') || word === '--') throw new UsageError(`unexpected argument '${word}' (settings are given as --name value)`);
    const eq = word.indexOf('=');
    const name = camel(eq >= 0 ? word.slice(2, eq) : word.slice(2));
    if (name in values || switches.has(name)) throw new UsageError(`--${(eq >= 0 ? word.slice(2, eq) : word.slice(2))} given twice`);
    if (eq >= 0) {
      values[name] = word.slice(eq + 1);
    } else if (switchNames.includes(name) || i + 1 >= argv.length || argv[i + 1].startsWith('--')) {
      switches.add(name);
    } else {
      values[name] = argv[++i];
    }
  }
  return { values, switches };
}

/** The commit the code runs from (with +dirty for local changes), or null outside git. */
export function currentCommit(): string | null {
  const head = spawnSync('git', ['rev-parse', 'HEAD'], { encoding: 'utf8' });
  if (head.status !== 0) return null;
  const dirty = spawnSync('git', ['status', '--porcelain', '--untracked-files=no'], { encoding: 'utf8' });
  return head.stdout.trim() + (dirty.status === 0 && dirty.stdout.trim() ? '+dirty' : '');
}

/** Errors that are the user's to fix: printed as one line, exit code 2. */
export function isUserError(e: unknown): boolean {
  return e instanceof UsageError || e instanceof ConfigError || e instanceof DataError || e instanceof BackendUnavailable || e instanceof ImageFileError;
}

/** Runs a CLI's main, prints errors the way users should see them, and exits. */
export async function runCli(name: string, main: () => Promise<number | void>): Promise<never> {
  let code = 0;
  try {
    code = (await main()) ?? 0;
  } catch (e) {
    if (isUserError(e)) {
      console.error(`${name}: ${(e as Error).message}`);
      code = 2;
    } else {
      console.error(`${name}: unexpected error: ${(e as Error)?.stack ?? String(e)}`);
      code = 1;
    }
  }
  // Exit explicitly: Dawn (WebGPU) and sharp's thread pool can keep the process alive.
  process.exit(code);
}
