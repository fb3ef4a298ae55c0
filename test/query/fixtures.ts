// Recorded GetQueryResults pages (the shape Athena returns for a SELECT over the events table): data
// for the pure page/render tests, not a stand-in for the service.
import type { GetQueryResultsOutput } from '@aws-sdk/client-athena';

const col = (Name: string, Type: string, extra: Record<string, unknown> = {}) => ({
  CatalogName: 'hive', SchemaName: '', TableName: '', Name, Label: Name, Type, Precision: 0, Scale: 0,
  Nullable: 'UNKNOWN' as const, CaseSensitive: Type === 'varchar', ...extra,
});
const row = (...values: Array<string | undefined>) => ({ Data: values.map((v) => (v === undefined ? {} : { VarCharValue: v })) });

export const eventsFirstPage: GetQueryResultsOutput = {
  ResultSet: {
    Rows: [
      row('uuid', 'event_date', 'status', 'phone', 'score', 'price', 'active', 'day'),
      row('0b6f3f5e-1', '2026-11-25 06:41:02.123', 'Active', '912345678', '0.5', '12.50', 'true', '2026-11-25'),
      row('0b6f3f5e-2', '2026-11-25 06:41:03.000', 'Canceled', '9007199254740993', '1.0E10', '12345678901234567.89', 'false', '2026-11-24'),
      row('0b6f3f5e-3', undefined, '', undefined, 'NaN', undefined, undefined, undefined),
    ],
    ResultSetMetadata: {
      ColumnInfo: [
        col('uuid', 'varchar'), col('event_date', 'timestamp'), col('status', 'varchar'), col('phone', 'bigint'),
        col('score', 'double'), col('price', 'decimal', { Precision: 20, Scale: 2 }), col('active', 'boolean'),
        col('day', 'date'),
      ],
    },
  },
  NextToken: 'page-2',
};

export const eventsSecondPage: GetQueryResultsOutput = {
  ResultSet: {
    Rows: [row('uuid', 'x', 'Inactive', '1', '2', '3', 'true', '2026-01-01')],
    ResultSetMetadata: eventsFirstPage.ResultSet!.ResultSetMetadata,
  },
};

/** SHOW TABLES: a UTILITY statement, no header row. */
export const showTablesPage: GetQueryResultsOutput = {
  ResultSet: {
    Rows: [row('events'), row('other')],
    ResultSetMetadata: { ColumnInfo: [col('tab_name', 'string')] },
  },
};
