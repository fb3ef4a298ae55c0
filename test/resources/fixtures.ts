// A hand-written normalized pipeline (what the loader would produce from the spec sketch).
import type { Pipeline } from '../../src/config/types.js';
import { pipelineFixture } from '../support/pipeline.js';

export function samplePipeline(over: { name?: string; dataDir?: string } = {}): Pipeline {
  const name = over.name ?? 'clickstream';
  return pipelineFixture({
    name,
    sourceFile: '/tmp/lakehouse.yaml',
    dataDir: over.dataDir ?? '/tmp/.lakehouse',
    bucket: `${name}-lake-000000000000`,
    encryption: true,
    fields: [
      { name: 'uuid', type: 'string', gen: { kind: 'uuid' } },
      { name: 'event_date', type: 'timestamp', gen: { kind: 'now' } },
      { name: 'status', type: 'string', gen: { kind: 'pick', values: ['Active', 'Inactive'] } },
    ],
  });
}
