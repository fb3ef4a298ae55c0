// Dynamic partitioning's key extraction: the MetadataExtraction processor's jq query (JQ-1.6) runs on each
// record, and the keys the Prefix names (!{partitionKeyFromQuery:k}) are taken from its result. A record that
// is not JSON, a query that fails, or a key that is missing/null/not a scalar sends the record to the error
// prefix (error-output-type `partitioning-failed`), as AWS does.
import { compileJq, tostring, type CompiledJq } from '../jq/index.js';
import { parsePrefix } from './prefix.js';

export const PARTITIONING_FAILED = 'partitioning-failed';
export const METADATA_EXTRACTION_FAILED = 'DynamicPartitioning.MetadataExtractionFailed';

export type Extracted = { keys: Record<string, string>; id: string } | { code: string; message: string };

export interface PartitionKeyExtractor {
  extract(data: Buffer): Extracted;
}

/** The destination's MetadataExtraction query, or undefined when it has none. */
export function metadataQuery(destination: any): string | undefined {
  const pc = destination?.ProcessingConfiguration;
  if (!pc || pc.Enabled === false) return undefined;
  for (const p of pc.Processors ?? []) {
    if (p.Type !== 'MetadataExtraction') continue;
    const q = (p.Parameters ?? []).find((x: any) => x.ParameterName === 'MetadataExtractionQuery');
    if (q) return q.ParameterValue;
  }
  return undefined;
}

export function dynamicPartitioning(destination: any): boolean {
  return destination?.DynamicPartitioningConfiguration?.Enabled === true;
}

/** Keys named by !{partitionKeyFromQuery:…} in the Prefix, in order. */
export function prefixKeys(prefix: string | undefined): string[] {
  if (!prefix) return [];
  const keys: string[] = [];
  for (const p of parsePrefix(prefix, { errorPrefix: false, dynamic: true })) if (p.kind === 'partitionKey' && !keys.includes(p.key)) keys.push(p.key);
  return keys;
}

const compiled = new Map<string, CompiledJq>();

export function makeExtractor(destination: any): PartitionKeyExtractor {
  const query = metadataQuery(destination);
  const wanted = prefixKeys(destination.Prefix);
  let jq = query === undefined ? undefined : compiled.get(query);
  if (query !== undefined && !jq) {
    jq = compileJq(query); // validated at CreateDeliveryStream, so this does not throw
    compiled.set(query, jq);
  }
  return {
    extract(data) {
      let record: unknown;
      try {
        record = JSON.parse(data.toString('utf8'));
      } catch {
        return { code: METADATA_EXTRACTION_FAILED, message: 'Non JSON record provided' };
      }
      let result: unknown;
      try {
        const outputs = jq ? jq.run(record) : [{}];
        if (outputs.length !== 1) return { code: METADATA_EXTRACTION_FAILED, message: `The metadata extraction query produced ${outputs.length} results; it must produce one JSON object` };
        result = outputs[0];
      } catch (e) {
        return { code: METADATA_EXTRACTION_FAILED, message: `jq: error: ${(e as Error).message}` };
      }
      if (!result || typeof result !== 'object' || Array.isArray(result)) {
        return { code: METADATA_EXTRACTION_FAILED, message: 'The metadata extraction query must produce a JSON object of partition keys' };
      }
      const keys: Record<string, string> = {};
      for (const k of wanted) {
        const v = (result as Record<string, unknown>)[k];
        if (v === undefined || v === null) return { code: METADATA_EXTRACTION_FAILED, message: `partitionKeyFromQuery:${k} is null or missing in the metadata extraction result` };
        if (typeof v === 'object') return { code: METADATA_EXTRACTION_FAILED, message: `partitionKeyFromQuery:${k} must be a string, number or boolean, not ${Array.isArray(v) ? 'an array' : 'an object'}` };
        const text = tostring(v);
        if (text === '') return { code: METADATA_EXTRACTION_FAILED, message: `partitionKeyFromQuery:${k} is an empty string` };
        keys[k] = text;
      }
      return { keys, id: JSON.stringify(wanted.map((k) => keys[k])) };
    },
  };
}
