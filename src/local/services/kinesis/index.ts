// Kinesis Data Streams (AWS JSON 1.1, target prefix Kinesis_20131202): one function per action in
// actions/, inputs checked against rules.ts (AWS's model constraints, through the shared validation kit)
// before the action looks anything up, as AWS does.
import type { Inputs, Service } from '../../service.js';
import type { JsonAction, KinesisInternal } from '../../types.js';
import { NO_OUTPUT } from '../../protocol/json.js';
import * as account from './actions/account.js';
import * as fanout from './actions/fanout.js';
import * as put from './actions/put.js';
import * as reshard from './actions/reshard.js';
import * as subscribe from './actions/subscribe.js';
import * as read from './actions/read.js';
import * as settings from './actions/settings.js';
import * as shards from './actions/shards.js';
import * as streams from './actions/streams.js';
import * as tags from './actions/tags.js';
import type { Kinesis, KinesisAction } from './context.js';
import { internalFace } from './internal.js';
import { ShardLimiter } from './limiter.js';
import { noOutput, rules } from './rules.js';
import { KinesisStore } from './store.js';
import { validate } from '../../kit/validate.js';

const DEFAULT_TRANSITION_MS = 100;
/** AWS's default open-shard quota per account in the large regions. */
const DEFAULT_SHARD_LIMIT = 500;

const handlers = { ...streams, ...shards, ...reshard, ...put, ...read, ...settings, ...tags, ...fanout, ...subscribe, ...account } as unknown as Record<string, KinesisAction>;

export function create({ env, metrics }: Inputs<'metrics'>): Service<KinesisInternal> {
  const fromEnv = Number(process.env.LAKEHOUSE_KINESIS_TRANSITION_MS);
  const store = new KinesisStore({
    dataDir: env.dataDir,
    region: env.region,
    accountId: env.accountId,
    now: env.now,
    transitionMs: env.settings.kinesisTransitionMs ?? (Number.isFinite(fromEnv) && fromEnv >= 0 ? fromEnv : DEFAULT_TRANSITION_MS),
  });
  const k: Kinesis = {
    store,
    env,
    metrics,
    limiter: env.settings.enforceShardLimits ? new ShardLimiter() : undefined,
    shardLimit: DEFAULT_SHARD_LIMIT,
  };
  const actions: Record<string, JsonAction> = {};
  // Every action has its rules; modules also export helpers, which are not actions.
  for (const [name, r] of Object.entries(rules)) {
    const fn = handlers[name];
    if (!fn) throw new Error(`kinesis: no handler for ${name}`);
    const empty = noOutput.has(name);
    actions[name] = (input) => {
      validate(input, r);
      const out = fn(input, k);
      return empty ? NO_OUTPUT : out;
    };
  }
  return {
    handler: { protocol: 'json', service: 'kinesis', targetPrefix: 'Kinesis_20131202', actions, perRecordFaults: ['PutRecords'] },
    internal: internalFace(store),
    async close() {
      store.close();
    },
  };
}
