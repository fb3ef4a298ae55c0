// A look at argv before yargs parses it: which command word was typed, so only that command loads.
import { closest } from '../config/suggest.js';

/** Global options that take a value: their value is not the command word. */
const TAKES_VALUE = new Set(['-c', '--config', '--region', '--profile', '--endpoint-url', '-o', '--output']);

export function commandWord(argv: string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') return undefined;
    if (a.startsWith('-')) {
      if (TAKES_VALUE.has(a)) i++;
      continue;
    }
    return a;
  }
  return undefined;
}

/** 'query [sql]' → 'query'. */
export function selectedName(command: string): string {
  return command.split(/\s+/)[0];
}

export function closestCommand(word: string, names: string[]): string | undefined {
  return closest(word, names);
}
