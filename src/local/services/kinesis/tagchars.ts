// Kinesis's own tag character check (after the stream is found, as AWS does it): letters, digits, white
// space and _ . / = + - @; `%` gets a second, differently worded refusal. Wording as measured by kinesalite.
import { invalidArgument } from './errors.js';

const BAD = /[^\u00C0-\u1FFF\u2C00-\uD7FF\w./\-=+_ @%]/;

export function checkTagCharacters(words: string[], action: 'add tags to' | 'remove tags from', stream: string, account: string): void {
  if (words.some((w) => BAD.test(w))) {
    throw invalidArgument('Some tags contain invalid characters. Valid characters: Unicode letters, digits, white space, _ . / = + - % @.');
  }
  if (words.some((w) => w.includes('%'))) {
    throw invalidArgument(
      `Failed to ${action} stream ${stream} under account ${account} because some tags contained illegal characters. ` +
        "The allowed characters are Unicode letters, white-spaces, '_',',','/','=','+','-','@'.",
    );
  }
}
