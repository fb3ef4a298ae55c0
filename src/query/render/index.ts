// Pick the renderer for --output (table | csv | json, with --jsonl for JSON Lines).
import type { Renderer } from '../types.js';
import { csvRenderer } from './csv.js';
import { jsonLinesRenderer, jsonRenderer } from './json.js';
import { tableRenderer, type TableOptions } from './table.js';

export type QueryOutput = 'table' | 'csv' | 'json' | 'jsonl';

export function rendererFor(output: QueryOutput, table: TableOptions = {}): Renderer {
  switch (output) {
    case 'csv':
      return csvRenderer();
    case 'json':
      return jsonRenderer();
    case 'jsonl':
      return jsonLinesRenderer();
    default:
      return tableRenderer(table);
  }
}
