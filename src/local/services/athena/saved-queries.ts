// Athena named queries (Create/Get/BatchGet/List/Update/DeleteNamedQuery) and prepared statements
// (Create/Get/BatchGet/List/Update/DeletePreparedStatement), kept per workgroup in
// <dataDir>/athena/saved-queries.json (atomic rewrite). Running a prepared statement (EXECUTE ... USING)
// is the SQL engine's business; this file only stores and returns them.
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { Rule, Rules } from '../../kit/validate.js';
import { page } from '../../kit/paginate.js';
import { readJson, writeJsonAtomic } from '../../store/atomic.js';
import { AwsError, type JsonAction } from '../../types.js';
import { checkedActions, invalidRequest } from './errors.js';
import type { AthenaStore } from './store.js';

interface NamedQuery {
  NamedQueryId: string;
  Name: string;
  Description?: string;
  Database: string;
  QueryString: string;
  WorkGroup: string;
  clientRequestToken?: string;
}

interface PreparedStatement {
  StatementName: string;
  QueryStatement: string;
  WorkGroupName: string;
  Description?: string;
  LastModifiedTime: number;
}

const WorkGroup: Rule = { type: 'string', pattern: '[a-zA-Z0-9._-]{1,128}' };
const NextToken: Rule = { type: 'string', min: 1, max: 1024 };
const NamedQueryId: Rule = { type: 'string', required: true, min: 1, max: 128, pattern: '\\S+' };
const StatementName: Rule = { type: 'string', required: true, min: 1, max: 256, pattern: '[a-zA-Z_][a-zA-Z0-9_@:]{1,256}' };
const QueryText: Rule = { type: 'string', required: true, min: 1, max: 262144 };
const Description: Rule = { type: 'string', min: 1, max: 1024 };

const rules: Record<string, Rules> = {
  CreateNamedQuery: {
    Name: { type: 'string', required: true, min: 1, max: 128 },
    Description,
    Database: { type: 'string', required: true, min: 1, max: 255 },
    QueryString: QueryText,
    ClientRequestToken: { type: 'string', min: 32, max: 128 },
    WorkGroup,
  },
  GetNamedQuery: { NamedQueryId },
  DeleteNamedQuery: { NamedQueryId },
  UpdateNamedQuery: { NamedQueryId, Name: { type: 'string', required: true, min: 1, max: 128 }, Description: { type: 'string', min: 0, max: 1024 }, QueryString: QueryText },
  ListNamedQueries: { NextToken, MaxResults: { type: 'integer', gte: 0, lte: 50 }, WorkGroup },
  BatchGetNamedQuery: { NamedQueryIds: { type: 'list', required: true, min: 1, max: 50 } },
  CreatePreparedStatement: { StatementName, WorkGroup: { ...WorkGroup, required: true }, QueryStatement: QueryText, Description },
  GetPreparedStatement: { StatementName, WorkGroup: { ...WorkGroup, required: true } },
  DeletePreparedStatement: { StatementName, WorkGroup: { ...WorkGroup, required: true } },
  UpdatePreparedStatement: { StatementName, WorkGroup: { ...WorkGroup, required: true }, QueryStatement: QueryText, Description },
  ListPreparedStatements: { WorkGroup: { ...WorkGroup, required: true }, NextToken, MaxResults: { type: 'integer', gte: 1, lte: 50 } },
  BatchGetPreparedStatement: { PreparedStatementNames: { type: 'list', required: true, min: 1, max: 50 }, WorkGroup: { ...WorkGroup, required: true } },
};

const notFound = (message: string) => new AwsError('ResourceNotFoundException', message, 400, { Message: message });

export function savedQueryActions(store: AthenaStore): Record<string, JsonAction> {
  const file = path.join(store.dir, 'saved-queries.json');
  const state = readJson<{ named: Record<string, NamedQuery>; prepared: Record<string, Record<string, PreparedStatement>> }>(file, { named: {}, prepared: {} });
  const save = () => writeJsonAtomic(file, state);

  function workGroup(name: string | undefined): string {
    const wg = name ?? 'primary';
    if (!store.workGroups[wg]) throw invalidRequest(`WorkGroup ${wg} is not found.`);
    return wg;
  }
  function named(id: string): NamedQuery {
    const q = state.named[id];
    if (!q) throw invalidRequest(`NamedQuery ${id} was not found`);
    return q;
  }
  function prepared(wg: string, name: string): PreparedStatement {
    const s = state.prepared[wg]?.[name];
    if (!s) throw notFound(`Prepared statement ${name} was not found in workgroup ${wg}.`);
    return s;
  }
  const namedShape = ({ clientRequestToken: _t, ...q }: NamedQuery) => q;

  const actions: Record<string, JsonAction> = {
    CreateNamedQuery(input) {
      const wg = workGroup(input.WorkGroup);
      // The same ClientRequestToken returns the same query (idempotent create), as AWS documents.
      const again = input.ClientRequestToken && Object.values(state.named).find((q) => q.clientRequestToken === input.ClientRequestToken);
      if (again) return { NamedQueryId: again.NamedQueryId };
      const q: NamedQuery = {
        NamedQueryId: randomUUID(), Name: input.Name, ...(input.Description ? { Description: input.Description } : {}),
        Database: input.Database, QueryString: input.QueryString, WorkGroup: wg,
        ...(input.ClientRequestToken ? { clientRequestToken: input.ClientRequestToken } : {}),
      };
      state.named[q.NamedQueryId] = q;
      save();
      return { NamedQueryId: q.NamedQueryId };
    },
    GetNamedQuery: (input) => ({ NamedQuery: namedShape(named(input.NamedQueryId)) }),
    BatchGetNamedQuery(input) {
      const found: NamedQuery[] = [];
      const unprocessed: unknown[] = [];
      for (const id of input.NamedQueryIds as string[]) {
        if (state.named[id]) found.push(state.named[id]!);
        else unprocessed.push({ NamedQueryId: id, ErrorCode: 'INVALID_INPUT', ErrorMessage: `NamedQuery ${id} was not found` });
      }
      return { NamedQueries: found.map(namedShape), UnprocessedNamedQueryIds: unprocessed };
    },
    ListNamedQueries(input) {
      const wg = workGroup(input.WorkGroup);
      const ids = Object.values(state.named).filter((q) => q.WorkGroup === wg).map((q) => q.NamedQueryId);
      const p = page(ids, input.NextToken, input.MaxResults || 50, invalidRequest);
      return { NamedQueryIds: p.items, ...(p.next ? { NextToken: p.next } : {}) };
    },
    UpdateNamedQuery(input) {
      const q = named(input.NamedQueryId);
      q.Name = input.Name;
      q.QueryString = input.QueryString;
      if (input.Description !== undefined) q.Description = input.Description;
      save();
      return {};
    },
    DeleteNamedQuery(input) {
      named(input.NamedQueryId);
      delete state.named[input.NamedQueryId];
      save();
      return {};
    },
    CreatePreparedStatement(input, ctx) {
      const wg = workGroup(input.WorkGroup);
      const byName = (state.prepared[wg] ??= {});
      if (byName[input.StatementName]) throw invalidRequest(`Prepared statement ${input.StatementName} already exists in workgroup ${wg}.`);
      byName[input.StatementName] = {
        StatementName: input.StatementName, QueryStatement: input.QueryStatement, WorkGroupName: wg,
        ...(input.Description ? { Description: input.Description } : {}), LastModifiedTime: ctx.now(),
      };
      save();
      return {};
    },
    GetPreparedStatement(input) {
      const s = prepared(workGroup(input.WorkGroup), input.StatementName);
      return { PreparedStatement: { ...s, LastModifiedTime: s.LastModifiedTime / 1000 } };
    },
    BatchGetPreparedStatement(input) {
      const wg = workGroup(input.WorkGroup);
      const found: unknown[] = [];
      const unprocessed: unknown[] = [];
      for (const name of input.PreparedStatementNames as string[]) {
        const s = state.prepared[wg]?.[name];
        if (s) found.push({ ...s, LastModifiedTime: s.LastModifiedTime / 1000 });
        else unprocessed.push({ StatementName: name, ErrorCode: 'INVALID_INPUT', ErrorMessage: `Prepared statement ${name} was not found in workgroup ${wg}.` });
      }
      return { PreparedStatements: found, UnprocessedPreparedStatementNames: unprocessed };
    },
    ListPreparedStatements(input) {
      const wg = workGroup(input.WorkGroup);
      const all = Object.values(state.prepared[wg] ?? {}).sort((a, b) => (a.StatementName < b.StatementName ? -1 : 1));
      const p = page(all, input.NextToken, input.MaxResults ?? 50, invalidRequest);
      return { PreparedStatements: p.items.map((s) => ({ StatementName: s.StatementName, LastModifiedTime: s.LastModifiedTime / 1000 })), ...(p.next ? { NextToken: p.next } : {}) };
    },
    UpdatePreparedStatement(input, ctx) {
      const s = prepared(workGroup(input.WorkGroup), input.StatementName);
      s.QueryStatement = input.QueryStatement;
      if (input.Description !== undefined) s.Description = input.Description;
      s.LastModifiedTime = ctx.now();
      save();
      return {};
    },
    DeletePreparedStatement(input) {
      const wg = workGroup(input.WorkGroup);
      prepared(wg, input.StatementName);
      delete state.prepared[wg]![input.StatementName];
      save();
      return {};
    },
  };
  return checkedActions(actions, rules);
}
