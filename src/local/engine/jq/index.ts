// The jq subset Firehose's MetadataExtraction processor runs (see parse.ts for what is covered and why).
export { compileJq, numberText, tostring, JqRuntimeError, type CompiledJq } from './eval.js';
export { JqSyntaxError, parseJq } from './parse.js';
