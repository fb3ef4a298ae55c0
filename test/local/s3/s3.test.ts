// S3 through the in-process SDK handler (the local provider's default path).
import { openLocalForTest } from '../../support/local-clients.js';
import { s3Suite } from './suite.js';

s3Suite('in-process', async () => {
  const c = await openLocalForTest();
  return { s3: c.s3, objectPath: (b, k) => c.emulator!.s3.objectPath(b, k), close: () => c.close() };
});
