// Child process of the end-to-end test: owns the emulator on a data dir and delivers everything buffered
// (the test kills it with SIGKILL, or it kills itself through LAKEHOUSE_DELIVERY_CRASH_AFTER_OBJECTS).
import { openClients } from '../../../src/aws/clients.js';

const dataDir = process.argv[2]!;
const c = await openClients({ provider: 'local', region: 'us-east-1', dataDir });
await c.emulator!.firehose.waitDelivered({ flush: true, timeoutMs: 60_000 });
await c.close();
