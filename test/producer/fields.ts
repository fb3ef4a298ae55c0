// The seed article's record shape as normalized fields, shared by the producer tests.
import type { Field } from '../../src/config/types.js';

export const seedFields: Field[] = [
  { name: 'uuid', type: 'string', gen: { kind: 'uuid' } },
  { name: 'event_date', type: 'timestamp', gen: { kind: 'now' } },
  { name: 'status', type: 'string', gen: { kind: 'pick', values: ['Active', 'Inactive', 'Canceled'] } },
  { name: 'name', type: 'string', gen: { kind: 'faker', method: 'person.firstName' } },
  { name: 'last_name', type: 'string', gen: { kind: 'faker', method: 'person.lastName' } },
  { name: 'email', type: 'string', gen: { kind: 'faker', method: 'internet.email' } },
  { name: 'phone', type: 'bigint', gen: { kind: 'faker', method: 'number.int', args: { min: 900000000, max: 999999999 } } },
];

/** One field of every column type the spec accepts. */
export const typedFields: Field[] = [
  { name: 's', type: 'string', gen: { kind: 'faker', method: 'person.firstName' } },
  { name: 'vc', type: 'varchar(20)', gen: { kind: 'pick', values: ['a', 'b'] } },
  { name: 'i', type: 'int', gen: { kind: 'faker', method: 'number.int', args: { min: -1000, max: 1000 } } },
  { name: 'si', type: 'smallint', gen: { kind: 'pick', values: [1, 2, 3] } },
  { name: 'ti', type: 'tinyint', gen: { kind: 'pick', values: ['7'] } },
  { name: 'bi', type: 'bigint', gen: { kind: 'faker', method: 'number.int', args: { min: 0, max: 9007199254740991 } } },
  { name: 'd', type: 'double', gen: { kind: 'faker', method: 'number.float', args: { min: 0, max: 100 } } },
  { name: 'f', type: 'float', gen: { kind: 'pick', values: [1.5] } },
  { name: 'b', type: 'boolean', gen: { kind: 'faker', method: 'datatype.boolean' } },
  { name: 'bs', type: 'boolean', gen: { kind: 'pick', values: ['true', 'false'] } },
  { name: 'ts', type: 'timestamp', gen: { kind: 'now' } },
  { name: 'ts2', type: 'timestamp', gen: { kind: 'faker', method: 'date.recent' } },
  { name: 'dt', type: 'date', gen: { kind: 'faker', method: 'date.past' } },
  { name: 'dt2', type: 'date', gen: { kind: 'now' } },
  { name: 'price', type: 'decimal(10,2)', gen: { kind: 'faker', method: 'number.float', args: { min: 0, max: 1000 } } },
  { name: 'id', type: 'string', gen: { kind: 'uuid' } },
];
