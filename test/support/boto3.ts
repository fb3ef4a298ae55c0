// The python3 that can `import boto3` (Debian's /usr/bin/python3 first: the pip one on PATH may lack it), or
// undefined so tests that drive boto3 skip with a message. One lookup for every boto3 test.
import { execFileSync } from 'node:child_process';

function findPythonWithBoto3(): string | undefined {
  for (const py of ['/usr/bin/python3', 'python3']) {
    try {
      execFileSync(py, ['-c', 'import boto3'], { stdio: 'ignore' });
      return py;
    } catch {
      /* next */
    }
  }
  return undefined;
}

export const PYTHON_WITH_BOTO3 = findPythonWithBoto3();
