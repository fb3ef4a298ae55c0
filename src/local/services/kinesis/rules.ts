// Input constraints per action, taken from AWS's model (service-2.json: shapes' min/max/pattern/enum).
import type { Rule, Rules } from './validate.js';

const StreamName: Rule = { type: 'string', min: 1, max: 128, pattern: '[a-zA-Z0-9_.-]+' };
const StreamARN: Rule = { type: 'string', min: 1, max: 2048, pattern: 'arn:aws.*:kinesis:.*:\\d{12}:stream/\\S+' };
const ResourceARN: Rule = { type: 'string', required: true, min: 1, max: 2048, pattern: 'arn:aws.*:kinesis:.*:\\d{12}:.*stream/\\S+' };
const StreamId: Rule = { type: 'string', min: 1, max: 24, pattern: '[a-z0-9]{20}-[a-z0-9]{3}' };
const ShardId: Rule = { type: 'string', min: 1, max: 128, pattern: '[a-zA-Z0-9_.-]+' };
const SequenceNumber: Rule = { type: 'string', pattern: '0|([1-9]\\d{0,128})' };
const HashKey: Rule = { type: 'string', pattern: '0|([1-9]\\d{0,38})' };
const PartitionKey: Rule = { type: 'string', required: true, min: 1, max: 256 };
const TagMap: Rule = { type: 'map', min: 1, max: 200, key: { min: 1, max: 128 }, value: { min: 0, max: 256 } };
const TagKeyList: Rule = { type: 'list', required: true, min: 1, max: 50 };
const Timestamp: Rule = { type: 'timestamp' };
const Retention: Rule = { type: 'integer', required: true };
const KeyId: Rule = { type: 'string', required: true, min: 1, max: 2048 };
const EncryptionType: Rule = { type: 'string', required: true, enum: ['NONE', 'KMS'] };
/** The model allows 10 MiB (MaxRecordSizeInKiB); the stream's own limit (1 MiB by default) is checked later. */
const Data: Rule = { type: 'blob', required: true, max: 10485760 };
const streamRef: Rules = { StreamName, StreamARN, StreamId };

export const rules: Record<string, Rules> = {
  CreateStream: {
    StreamName: { ...StreamName, required: true },
    ShardCount: { type: 'integer', gte: 1 },
    StreamModeDetails: {
      type: 'structure',
      members: { StreamMode: { type: 'string', required: true, enum: ['PROVISIONED', 'ON_DEMAND'] } },
    },
    Tags: TagMap,
    WarmThroughputMiBps: { type: 'integer', gte: 0 },
    MaxRecordSizeInKiB: { type: 'integer', gte: 1024, lte: 10240 },
  },
  DeleteStream: { ...streamRef, EnforceConsumerDeletion: { type: 'boolean' } },
  DescribeStream: {
    ...streamRef,
    Limit: { type: 'integer', gte: 1, lte: 10000 },
    ExclusiveStartShardId: ShardId,
  },
  DescribeStreamSummary: streamRef,
  ListStreams: {
    Limit: { type: 'integer', gte: 1, lte: 10000 },
    ExclusiveStartStreamName: StreamName,
    NextToken: { type: 'string', min: 1, max: 1048576 },
  },
  ListShards: {
    ...streamRef,
    NextToken: { type: 'string', min: 1, max: 1048576 },
    ExclusiveStartShardId: ShardId,
    MaxResults: { type: 'integer', gte: 1, lte: 10000 },
    StreamCreationTimestamp: Timestamp,
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
    ...streamRef,
    Data,
    PartitionKey,
    ExplicitHashKey: HashKey,
    SequenceNumberForOrdering: SequenceNumber,
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
    ...streamRef,
    ShardId: { ...ShardId, required: true },
    ShardIteratorType: {
      type: 'string',
      required: true,
      enum: ['AT_SEQUENCE_NUMBER', 'AFTER_SEQUENCE_NUMBER', 'TRIM_HORIZON', 'LATEST', 'AT_TIMESTAMP'],
    },
    StartingSequenceNumber: SequenceNumber,
    Timestamp,
  },
  GetRecords: {
    ShardIterator: { type: 'string', required: true, min: 1, max: 512 },
    Limit: { type: 'integer', gte: 1, lte: 10000 },
    StreamARN,
    StreamId,
  },
  IncreaseStreamRetentionPeriod: { ...streamRef, RetentionPeriodHours: Retention },
  DecreaseStreamRetentionPeriod: { ...streamRef, RetentionPeriodHours: Retention },
  StartStreamEncryption: { ...streamRef, EncryptionType, KeyId },
  StopStreamEncryption: { ...streamRef, EncryptionType, KeyId },
  AddTagsToStream: { ...streamRef, Tags: { ...TagMap, required: true } },
  RemoveTagsFromStream: { ...streamRef, TagKeys: TagKeyList },
  ListTagsForStream: {
    ...streamRef,
    ExclusiveStartTagKey: { type: 'string', min: 1, max: 128 },
    Limit: { type: 'integer', gte: 1, lte: 50 },
  },
  TagResource: { Tags: { ...TagMap, required: true }, ResourceARN, StreamId },
  UntagResource: { TagKeys: TagKeyList, ResourceARN, StreamId },
  ListTagsForResource: { ResourceARN, StreamId },
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
  DescribeLimits: {},
};
