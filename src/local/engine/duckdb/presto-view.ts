// Views as Athena stores them in Glue ("Presto views"): TableType VIRTUAL_VIEW, the view's SQL and column types
// as base64 JSON inside ViewOriginalText (`/* Presto View: <base64> */`), ViewExpandedText `/* Presto View */`,
// Parameters presto_view=true. Any Glue client (and Athena itself) reads such a view; the local engine decodes
// it and translates its SQL like any query.

export interface PrestoView {
  originalSql: string;
  catalog: string;
  schema: string;
  columns: Array<{ name: string; type: string }>;
  owner?: string;
  runAsInvoker?: boolean;
}

const PREFIX = '/* Presto View: ';
const SUFFIX = ' */';

/** CREATE [OR REPLACE] VIEW name [COMMENT '…'] [SECURITY DEFINER|INVOKER] AS query → its parts. */
export function parseCreateView(sql: string): { orReplace: boolean; database?: string; name: string; query: string } | undefined {
  const m = /^\s*create\s+(or\s+replace\s+)?view\s+((?:"(?:[^"]|"")+"|[\w$]+)(?:\s*\.\s*(?:"(?:[^"]|"")+"|[\w$]+))*)\s+(?:comment\s+'(?:[^']|'')*'\s+)?(?:security\s+(?:definer|invoker)\s+)?as\s+([\s\S]+?)\s*;?\s*$/i.exec(sql);
  if (!m) return undefined;
  const parts = m[2]!.split('.').map((p) => p.trim().replace(/^"|"$/g, '').replace(/""/g, '"').toLowerCase());
  if (parts.length > 3) return undefined;
  const name = parts[parts.length - 1]!;
  const database = parts.length >= 2 ? parts[parts.length - 2] : undefined;
  return { orReplace: !!m[1], database, name, query: m[3]! };
}

/** Trino type name → the Hive type Glue's StorageDescriptor shows for a view column. */
export function hiveType(trino: string): string {
  const t = trino.toLowerCase();
  if (t.startsWith('varchar') || t === 'char') return 'string';
  if (t.startsWith('timestamp')) return 'timestamp';
  if (t === 'real') return 'float';
  if (t === 'integer') return 'int';
  if (t === 'varbinary') return 'binary';
  return t;
}

export function viewTableInput(name: string, view: PrestoView): Record<string, unknown> {
  const encoded = Buffer.from(JSON.stringify(view)).toString('base64');
  return {
    Name: name,
    TableType: 'VIRTUAL_VIEW',
    Parameters: { presto_view: 'true', comment: 'Presto View' },
    ViewOriginalText: `${PREFIX}${encoded}${SUFFIX}`,
    ViewExpandedText: '/* Presto View */',
    StorageDescriptor: {
      Columns: view.columns.map((c) => ({ Name: c.name, Type: hiveType(c.type) })),
      Location: '',
      SerdeInfo: {},
    },
    PartitionKeys: [],
  };
}

/** The Presto view a Glue table holds, or undefined when it is not one. */
export function decodeView(table: any): PrestoView | undefined {
  const text: unknown = table?.ViewOriginalText;
  if (table?.TableType !== 'VIRTUAL_VIEW' || typeof text !== 'string' || !text.startsWith(PREFIX) || !text.endsWith(SUFFIX)) return undefined;
  try {
    const view = JSON.parse(Buffer.from(text.slice(PREFIX.length, -SUFFIX.length), 'base64').toString('utf8'));
    return typeof view?.originalSql === 'string' ? (view as PrestoView) : undefined;
  } catch {
    return undefined;
  }
}
