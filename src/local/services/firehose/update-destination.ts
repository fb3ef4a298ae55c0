// UpdateDestination's new destination, as AWS's API reference describes it: for the same destination type the
// update is merged into the stored configuration (members left out keep their values); for another type nothing
// is merged and the update must be a whole configuration. Switching between an OpenSearch destination and
// another type is refused, as AWS refuses it; switching to or from Iceberg is not emulated.
import { invalidArgument } from './errors.js';
import { mergeKindUpdate, replaceWithKind, updatedKinds, type DestinationKind } from './destinations.js';
import type { DeliveryStreamRecord } from './store.js';
import { validateDestination } from './validate-destination.js';
import { mergeIcebergUpdate, type IcebergCheckEnv } from './validate-iceberg.js';

const OPENSEARCH = new Set<string>(['Elasticsearch', 'Amazonopensearchservice', 'AmazonOpenSearchServerless']);

export interface NewDestination {
  destination: any;
  destinationKind?: DestinationKind;
}

export function updatedDestination(rec: DeliveryStreamRecord, input: Record<string, any>, env: IcebergCheckEnv): NewDestination {
  const kinds = updatedKinds(input);
  const s3Update = input.ExtendedS3DestinationUpdate ?? input.S3DestinationUpdate;
  const given = kinds.length + (s3Update ? 1 : 0) + (input.IcebergDestinationUpdate ? 1 : 0);
  if (given === 0) throw invalidArgument('An ExtendedS3DestinationUpdate is required.');
  if (given > 1) throw invalidArgument('Exactly one destination update must be specified.');
  const from: string = rec.destinationKind ?? (rec.destination?.CatalogConfiguration ? 'Iceberg' : 'ExtendedS3');
  const to: string = kinds[0] ?? (input.IcebergDestinationUpdate ? 'Iceberg' : 'ExtendedS3');
  if (from !== to && (OPENSEARCH.has(from) || OPENSEARCH.has(to)) && !(OPENSEARCH.has(from) && OPENSEARCH.has(to))) {
    throw invalidArgument('Switching between Amazon OpenSearch Service and other services is not supported.');
  }
  if (from !== to && (from === 'Iceberg' || to === 'Iceberg')) {
    const other = from === 'Iceberg' ? to : from;
    throw invalidArgument(`Changing the destination type between ${other === 'ExtendedS3' ? 'Amazon S3' : other} and Apache Iceberg Tables is not supported by the local emulator; create a new delivery stream.`);
  }
  if (to === 'Iceberg') return { destination: mergeIcebergUpdate(rec.destination, input.IcebergDestinationUpdate, env) };
  if (kinds[0]) {
    const kind = kinds[0];
    return { destinationKind: kind, destination: from === kind ? mergeKindUpdate(kind, rec.destination, input) : replaceWithKind(kind, input) };
  }
  if (from !== 'ExtendedS3') return { destination: validateDestination(s3Update, 'extendedS3DestinationUpdate') };
  // AWS turns dynamic partitioning on or off only at creation.
  const wasDynamic = rec.destination.DynamicPartitioningConfiguration?.Enabled === true;
  if (s3Update.DynamicPartitioningConfiguration && (s3Update.DynamicPartitioningConfiguration.Enabled === true) !== wasDynamic) {
    throw invalidArgument('Dynamic partitioning can only be enabled or disabled when the delivery stream is created.');
  }
  // Fields left out keep their values, as with AWS.
  const merged = { ...rec.destination, ...s3Update };
  if (s3Update.BufferingHints) merged.BufferingHints = { ...rec.destination.BufferingHints, ...s3Update.BufferingHints };
  return { destination: validateDestination(merged, 'extendedS3DestinationUpdate') };
}
