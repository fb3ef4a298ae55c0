// Input constraints per action, taken from AWS's model (service-2.json: shapes' min/max/pattern/enum).
// Members are listed in the order AWS reports their problems (measured by kinesalite against AWS; members
// added since, like StreamARN, follow StreamName).
import type { Rule, Rules } from '../../kit/validate.js';

const StreamName: Rule = { type: 'string', min: 1, max: 128, pattern: '[a-zA-Z0-9_.-]+' };
const StreamARN: Rule = { type: 'string', min: 1, max: 2048, pattern: 'arn:aws.*:kinesis:.*:\\d{12}:stream/\\S+' };
const ResourceARN: Rule = { type: 'string', required: true, min: 1, max: 2048, pattern: 'arn:aws.*:kinesis:.*:\\d{12}:.*stream/\\S+' };
const StreamId: Rule = { type: 'string', min: 1, max: 24, pattern: '[a-z0-9]{20}-[a-z0-9]{3}' };
const ShardId: Rule = { type: 'string', min: 1, max: 128, pattern: '[a-zA-Z0-9_.-]+' };
const SequenceNumber: Rule = { type: 'string', pattern: '0|([1-9]\\d{0,128})' };
const HashKey: Rule = { type: 'string', pattern: '0|([1-9]\\d{0,38})' };
const PartitionKey: Rule = { type: 'string', required: true, min: 1, max: 256 };
const TagMap: Rule = { type: 'map', min: 1, max: 200, key: { min: 1, max: 128 }, value: { min: 0, max: 256 } };
const ConsumerName: Rule = { type: 'string', min: 1, max: 128, pattern: '[a-zA-Z0-9_.-]+' };
const ConsumerARN: Rule = { type: 'string', min: 1, max: 2048, pattern: '^(arn):aws.*:kinesis:.*:\\d{12}:.*stream\\/[a-zA-Z0-9_.-]+\\/consumer\\/[a-zA-Z0-9_.-]+:[0-9]+' };
const ShardLevelMetrics: Rule = { type: 'list', required: true, min: 1, max: 7, member: { type: 'string', enum: ['IncomingBytes', 'IncomingRecords', 'OutgoingBytes', 'OutgoingRecords', 'WriteProvisionedThroughputExceeded', 'ReadProvisionedThroughputExceeded', 'IteratorAgeMilliseconds', 'ALL'] } };
const TagKeyList: Rule = { type: 'list', required: true, min: 1, max: 50 };
const Timestamp: Rule = { type: 'timestamp' };
const Retention: Rule = { type: 'integer', required: true };
const KeyId: Rule = { type: 'string', required: true, min: 1, max: 2048 };
const EncryptionType: Rule = { type: 'string', required: true, enum: ['NONE', 'KMS'] };
/** The model allows 10 MiB (MaxRecordSizeInKiB); the stream's own limit (1 MiB by default) is checked later. */
const Data: Rule = { type: 'blob', required: true, max: 10485760 };
const streamRef: Rules = { StreamName, StreamARN, StreamId };
const Limit10k: Rule = { type: 'integer', gte: 1, lte: 10000 };
const TagKeys: Rule = { ...TagKeyList, member: { type: 'string' }, memberLength: { min: 1, max: 128 } };

export const rules: Record<string, Rules> = {
  CreateStream: {
    ShardCount: { type: 'integer', gte: 1 },
    StreamName: { ...StreamName, required: true },
    StreamModeDetails: {
      type: 'structure',
      members: { StreamMode: { type: 'string', required: true, enum: ['PROVISIONED', 'ON_DEMAND'] } },
    },
    Tags: TagMap,
    WarmThroughputMiBps: { type: 'integer', gte: 0 },
    MaxRecordSizeInKiB: { type: 'integer', gte: 1024, lte: 10240 },
  },
  DeleteStream: { ...streamRef, EnforceConsumerDeletion: { type: 'boolean' } },
  DescribeStream: { Limit: Limit10k, ExclusiveStartShardId: ShardId, ...streamRef },
  DescribeStreamSummary: streamRef,
  ListStreams: {
    Limit: Limit10k,
    ExclusiveStartStreamName: StreamName,
    NextToken: { type: 'string', min: 1, max: 1048576 },
  },
  ListShards: {
    ExclusiveStartShardId: ShardId,
    MaxResults: Limit10k,
    NextToken: { type: 'string', min: 1, max: 1048576 },
    StreamCreationTimestamp: Timestamp,
    ...streamRef,
    ShardFilter: {
      type: 'structure',
      members: {
        Type: { type: 'string', required: true, enum: ['AFTER_SHARD_ID', 'AT_TRIM_HORIZON', 'FROM_TRIM_HORIZON', 'AT_LATEST', 'AT_TIMESTAMP', 'FROM_TIMESTAMP'] },
        ShardId,
        Timestamp,
      },
    },
  },
  PutRecord: {
    SequenceNumberForOrdering: SequenceNumber,
    PartitionKey,
    ExplicitHashKey: HashKey,
    Data,
    ...streamRef,
  },
  PutRecords: {
    Records: {
      type: 'list',
      required: true,
      min: 1,
      max: 500,
      memberStr: 'com.amazonaws.kinesis.v20131202.PutRecordsRequestEntry@c965e310',
      member: { type: 'structure', members: { Data, ExplicitHashKey: HashKey, PartitionKey } },
    },
    ...streamRef,
  },
  GetShardIterator: {
    ShardId: { ...ShardId, required: true },
    ShardIteratorType: {
      type: 'string',
      required: true,
      enum: ['AFTER_SEQUENCE_NUMBER', 'LATEST', 'AT_TIMESTAMP', 'AT_SEQUENCE_NUMBER', 'TRIM_HORIZON'],
    },
    StartingSequenceNumber: SequenceNumber,
    ...streamRef,
    Timestamp,
  },
  GetRecords: {
    Limit: Limit10k,
    ShardIterator: { type: 'string', required: true, min: 1, max: 512 },
    StreamARN,
    StreamId,
  },
  IncreaseStreamRetentionPeriod: { RetentionPeriodHours: Retention, ...streamRef },
  DecreaseStreamRetentionPeriod: { RetentionPeriodHours: Retention, ...streamRef },
  StartStreamEncryption: { ...streamRef, EncryptionType, KeyId },
  StopStreamEncryption: { ...streamRef, EncryptionType, KeyId },
  AddTagsToStream: { Tags: { ...TagMap, required: true }, ...streamRef },
  RemoveTagsFromStream: { TagKeys, ...streamRef },
  ListTagsForStream: {
    Limit: { type: 'integer', gte: 1, lte: 50 },
    ExclusiveStartTagKey: { type: 'string', min: 1, max: 128 },
    ...streamRef,
  },
  TagResource: { Tags: { ...TagMap, required: true }, ResourceARN, StreamId },
  UntagResource: { TagKeys, ResourceARN, StreamId },
  ListTagsForResource: { ResourceARN, StreamId },
  SplitShard: {
    NewStartingHashKey: { ...HashKey, required: true },
    ...streamRef,
    ShardToSplit: { ...ShardId, required: true },
  },
  MergeShards: {
    ShardToMerge: { ...ShardId, required: true },
    AdjacentShardToMerge: { ...ShardId, required: true },
    ...streamRef,
  },
  UpdateShardCount: {
    ...streamRef,
    TargetShardCount: { type: 'integer', required: true, gte: 1 },
    ScalingType: { type: 'string', required: true, enum: ['UNIFORM_SCALING'] },
  },
  UpdateStreamMode: {
    StreamARN: { ...StreamARN, required: true },
    StreamId,
    StreamModeDetails: {
      type: 'structure',
      required: true,
      members: { StreamMode: { type: 'string', required: true, enum: ['PROVISIONED', 'ON_DEMAND'] } },
    },
    WarmThroughputMiBps: { type: 'integer', gte: 0 },
  },
  EnableEnhancedMonitoring: { ...streamRef, ShardLevelMetrics },
  DisableEnhancedMonitoring: { ...streamRef, ShardLevelMetrics },
  PutResourcePolicy: { ResourceARN, Policy: { type: 'string', required: true } },
  GetResourcePolicy: { ResourceARN },
  DeleteResourcePolicy: { ResourceARN },
  RegisterStreamConsumer: { StreamARN: { ...StreamARN, required: true }, ConsumerName: { ...ConsumerName, required: true }, Tags: TagMap },
  DeregisterStreamConsumer: { StreamARN, ConsumerName, ConsumerARN },
  DescribeStreamConsumer: { StreamARN, ConsumerName, ConsumerARN },
  ListStreamConsumers: {
    StreamARN: { ...StreamARN, required: true },
    NextToken: { type: 'string', min: 1, max: 1048576 },
    MaxResults: Limit10k,
    StreamCreationTimestamp: Timestamp,
  },
  SubscribeToShard: {
    ConsumerARN: { ...ConsumerARN, required: true },
    ShardId: { ...ShardId, required: true },
    StartingPosition: {
      type: 'structure',
      required: true,
      members: {
        Type: { type: 'string', required: true, enum: ['AT_SEQUENCE_NUMBER', 'AFTER_SEQUENCE_NUMBER', 'TRIM_HORIZON', 'LATEST', 'AT_TIMESTAMP'] },
        SequenceNumber,
        Timestamp,
      },
    },
  },
  DescribeLimits: {},
  DescribeAccountSettings: {},
  UpdateAccountSettings: {
    MinimumThroughputBillingCommitment: {
      type: 'structure',
      required: true,
      members: { Status: { type: 'string', required: true, enum: ['ENABLED', 'DISABLED'] } },
    },
  },
  UpdateMaxRecordSize: { StreamARN, StreamId, MaxRecordSizeInKiB: { type: 'integer', required: true, gte: 1024, lte: 10240 } },
  UpdateStreamWarmThroughput: { ...streamRef, WarmThroughputMiBps: { type: 'integer', required: true, gte: 0 } },
};

/** Operations without output in AWS's model: AWS answers them with an empty body. */
export const noOutput = new Set([
  'AddTagsToStream', 'CreateStream', 'DecreaseStreamRetentionPeriod', 'DeleteResourcePolicy', 'DeleteStream',
  'DeregisterStreamConsumer', 'IncreaseStreamRetentionPeriod', 'MergeShards', 'PutResourcePolicy',
  'RemoveTagsFromStream', 'SplitShard', 'StartStreamEncryption', 'StopStreamEncryption', 'TagResource',
  'UntagResource', 'UpdateMaxRecordSize', 'UpdateStreamMode',
]);
