// Kinesis Data Streams (AWS JSON 1.1, target prefix Kinesis_20131202): one function per action in
// actions/, inputs checked against rules.ts (AWS's model constraints) before the action runs.
import type { ServiceFactory } from '../../service.js';
import type { JsonAction, KinesisInternal } from '../../types.js';
import * as put from './actions/put.js';
import * as read from './actions/read.js';
import * as settings from './actions/settings.js';
import * as shards from './actions/shards.js';
import * as streams from './actions/streams.js';
import * as tags from './actions/tags.js';
import type { Kinesis, KinesisAction } from './context.js';
import { internalFace } from './internal.js';
import { ShardLimiter } from './limiter.js';
import { rules } from './rules.js';
import { KinesisStore } from './store.js';
import { validate } from './validate.js';

const DEFAULT_TRANSITION_MS = 100;
/** AWS's default open-shard quota per account in the large regions. */
const DEFAULT_SHARD_LIMIT = 500;

const handlers = { ...streams, ...shards, ...put, ...read, ...settings, ...tags } as unknown as Record<string, KinesisAction>;

export const create: ServiceFactory<KinesisInternal> = (env) => {
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
    limiter: env.settings.enforceShardLimits ? new ShardLimiter() : undefined,
    shardLimit: DEFAULT_SHARD_LIMIT,
  };
  const actions: Record<string, JsonAction> = {};
  // Every action has its rules; modules also export helpers, which are not actions.
  for (const [name, r] of Object.entries(rules)) {
    const fn = handlers[name];
    if (!fn) throw new Error(`kinesis: no handler for ${name}`);
    actions[name] = (input) => {
      validate(input, r);
      return fn(input, k);
    };
  }
  return {
    json: { targetPrefix: 'Kinesis_20131202', actions },
    internal: internalFace(store),
    async close() {
      store.close();
    },
  };
};
