// What every Kinesis action gets besides its input.
import type { ServiceEnv } from '../../service.js';
import type { MetricsFeed } from '../cloudwatch/feed.js';
import type { ShardLimiter } from './limiter.js';
import type { KinesisStore } from './store.js';

export interface Kinesis {
  store: KinesisStore;
  env: ServiceEnv;
  /** Where PutRecord(s) and GetRecords report their AWS/Kinesis metrics. */
  metrics: MetricsFeed;
  /** Present when env.settings.enforceShardLimits is on. */
  limiter?: ShardLimiter;
  /** Open shards allowed per account (AWS's default quota). */
  shardLimit: number;
}

export type KinesisAction = (input: any, k: Kinesis) => unknown;

/** Timestamps travel as epoch seconds in AWS JSON 1.1. */
export const seconds = (ms: number) => ms / 1000;
