// Dynamic partitioning rules for an ExtendedS3 destination, as AWS enforces them at Create/UpdateDestination:
// SizeInMBs ≥ 64, no zero buffering, an ErrorOutputPrefix, a Prefix that uses the partition keys, and a
// MetadataExtraction processor (JsonParsingEngine JQ-1.6) whose query parses. Processors that only make sense
// with dynamic partitioning are refused without it; Lambda, RecordDeAggregation, Decompression and
// CloudWatchLogProcessing are refused (not run locally); AppendDelimiterToRecord is applied to raw delivery.
import { JqSyntaxError, parseJq } from '../../engine/jq/index.js';
import { metadataQuery, prefixKeys } from '../../engine/delivery/partition-keys.js';
import { invalidArgument, validation } from './errors.js';

const PROCESSOR_TYPES = ['RecordDeAggregation', 'Decompression', 'CloudWatchLogProcessing', 'Lambda', 'MetadataExtraction', 'AppendDelimiterToRecord'];

export function validateDynamicPartitioning(dest: any, member: string): void {
  const dp = dest.DynamicPartitioningConfiguration;
  const enabled = dp?.Enabled === true;
  const processors: any[] = dest.ProcessingConfiguration?.Processors ?? [];
  for (const [i, p] of processors.entries()) {
    if (!PROCESSOR_TYPES.includes(p?.Type)) {
      throw validation(`${member}.processingConfiguration.processors.${i + 1}.member.type`, p?.Type ?? null, `Member must satisfy enum value set: [${PROCESSOR_TYPES.join(', ')}]`);
    }
    if (p.Type === 'Lambda') throw invalidArgument('The Lambda processor is not supported by the local emulator (no Lambda runs locally).');
    if (['RecordDeAggregation', 'Decompression', 'CloudWatchLogProcessing'].includes(p.Type)) {
      // Accepting them and passing records through unchanged would deliver something AWS would not.
      throw invalidArgument(`The ${p.Type} processor is not supported by the local emulator.`);
    }
    if ((p.Type === 'MetadataExtraction' || p.Type === 'RecordDeAggregation') && !enabled) {
      throw invalidArgument(`Processor type ${p.Type} is only supported when dynamic partitioning is enabled.`);
    }
  }
  if (dp?.RetryOptions?.DurationInSeconds !== undefined) {
    const d = dp.RetryOptions.DurationInSeconds;
    if (!Number.isInteger(d) || d < 0 || d > 7200) {
      throw validation(`${member}.dynamicPartitioningConfiguration.retryOptions.durationInSeconds`, d, d < 0 ? 'Member must have value greater than or equal to 0' : 'Member must have value less than or equal to 7200');
    }
  }
  if (!enabled) return;
  dp.RetryOptions ??= { DurationInSeconds: 300 };
  const hints = dest.BufferingHints;
  if (hints.SizeInMBs < 64) throw invalidArgument('BufferingHints.SizeInMBs must be at least 64 when dynamic partitioning is enabled.');
  if (hints.IntervalInSeconds === 0) throw invalidArgument('Zero buffering (IntervalInSeconds 0) is not available with dynamic partitioning.');
  if (!dest.ErrorOutputPrefix) throw invalidArgument('ErrorOutputPrefix cannot be null or empty when dynamic partitioning is enabled.');
  const keys = prefixKeys(dest.Prefix);
  if (keys.length === 0) {
    throw invalidArgument('When dynamic partitioning is enabled, Prefix must contain at least one !{partitionKeyFromQuery:<key>} expression.');
  }
  const query = metadataQuery(dest);
  if (query === undefined) {
    throw invalidArgument('Prefix uses !{partitionKeyFromQuery:…} but there is no MetadataExtraction processor with a MetadataExtractionQuery.');
  }
  const meta = processors.find((p) => p.Type === 'MetadataExtraction');
  const engine = (meta.Parameters ?? []).find((x: any) => x.ParameterName === 'JsonParsingEngine')?.ParameterValue;
  if (engine !== 'JQ-1.6') throw invalidArgument('The MetadataExtraction processor requires JsonParsingEngine JQ-1.6.');
  let node;
  try {
    node = parseJq(query);
  } catch (e) {
    if (e instanceof JqSyntaxError) throw invalidArgument(`MetadataExtractionQuery is not a valid JQ expression: ${e.message}`);
    throw e;
  }
  if (node.kind === 'object') {
    // A literal object query tells which keys it makes: a Prefix key it never makes would fail every record.
    const made = node.entries.map((e) => e.key).filter((k): k is string => typeof k === 'string');
    const missing = keys.filter((k) => !made.includes(k));
    if (missing.length && made.length === node.entries.length) {
      throw invalidArgument(`Prefix uses !{partitionKeyFromQuery:${missing[0]}} but MetadataExtractionQuery does not produce the key ${missing[0]}.`);
    }
  }
}
