// AWS Kinesis errors with AWS's wording; one place so every action says the same thing.
import { AwsError } from '../../types.js';

export const ACCOUNT = '000000000000';

export const notFound = (stream: string, account = ACCOUNT) =>
  new AwsError('ResourceNotFoundException', `Stream ${stream} under account ${account} not found.`);

export const alreadyExists = (stream: string, account = ACCOUNT) =>
  new AwsError('ResourceInUseException', `Stream ${stream} under account ${account} already exists.`);

export const notActive = (stream: string, status: string, account = ACCOUNT) =>
  new AwsError('ResourceInUseException', `Stream ${stream} under account ${account} not ACTIVE, instead in state ${status}`);

export const shardNotFound = (shardId: string, stream: string, account = ACCOUNT) =>
  new AwsError('ResourceNotFoundException', `Shard ${shardId} in stream ${stream} under account ${account} does not exist`);

export const invalidArgument = (message: string) => new AwsError('InvalidArgumentException', message);

export const limitExceeded = (message: string) => new AwsError('LimitExceededException', message);

export const rateExceeded = (shardId: string, stream: string, account = ACCOUNT) =>
  `Rate exceeded for shard ${shardId} in stream ${stream} under account ${account}.`;

export const throughputExceeded = (shardId: string, stream: string, account = ACCOUNT) =>
  new AwsError('ProvisionedThroughputExceededException', rateExceeded(shardId, stream, account));

export const internalFailure = () => new AwsError('InternalFailure', 'Internal service failure.', 500);
