// The routing table: one row per wire protocol, built from the handlers the services returned. Rows are
// asked in order and the first that claims a request answers it. CloudWatch comes first (its CBOR path looks
// like an S3 key and its Query forms like IAM's), S3's REST-XML last (it takes everything else).
import { dispatchJson, jsonError } from './protocol/json.js';
import { ownAction } from './protocol/own.js';
import { dispatchQuery, parseForm, queryError, signingService } from './protocol/query.js';
import type { JsonHandler, OwnWireHandler, ProtocolHandler, QueryHandler, Route } from './service.js';
import { AwsError, type EmuRequest } from './types.js';

export function routingTable(handlers: ProtocolHandler[]): Route[] {
  const own = (p: OwnWireHandler['protocol']) => handlers.filter((h): h is OwnWireHandler => h.protocol === p);
  return [
    ...own('cloudwatch'),
    jsonRoute(handlers.filter((h): h is JsonHandler => h.protocol === 'json')),
    queryRoute(handlers.filter((h): h is QueryHandler => h.protocol === 'query')),
    ...own('rest-xml'),
  ];
}

/** AWS JSON 1.1: the X-Amz-Target prefix names the service. */
function jsonRoute(handlers: JsonHandler[]): Route {
  const byPrefix = new Map(handlers.map((h) => [h.targetPrefix, h]));
  return {
    match(req, ctx, requestId) {
      const target = req.headers['x-amz-target'];
      if (!target) return undefined;
      const dot = target.indexOf('.');
      // No dot: no service prefix either (slice(0, -1) would make one up from the name).
      const prefix = dot < 0 ? '' : target.slice(0, dot);
      const action = target.slice(dot + 1);
      const h = byPrefix.get(prefix);
      if (!h) throw new AwsError('UnknownOperationException', `Unknown operation ${target}`);
      return {
        service: h.service,
        action,
        faults: h.perRecordFaults?.includes(action) ? 'per-record' : undefined,
        run: () => dispatchJson(h, action, req, ctx, requestId),
      };
    },
    error: (err, _req, requestId) => jsonError(err, requestId),
  };
}

/** AWS Query (form body or query string with Action= on `/`): IAM or STS by the SigV4 credential scope, else
 * by the action's name. */
function queryRoute(handlers: QueryHandler[]): Route {
  const byName = new Map(handlers.map((h) => [h.service, h]));
  const fallback = byName.get('iam') ?? handlers[0];
  return {
    match(req, ctx, requestId) {
      const params = queryParams(req);
      if (!params || !fallback) return undefined;
      const action = params.Action ?? '';
      const h = byName.get(signingService(req) ?? '') ?? handlers.find((q) => ownAction(q.actions, action)) ?? fallback;
      return { service: h.service, action, run: () => dispatchQuery(h, params, ctx, requestId) };
    },
    error: (err, _req, requestId) => queryError(err, requestId),
  };
}

/** Query-protocol parameters when this is a Query request (form body or query string with Action=). */
function queryParams(req: EmuRequest): Record<string, string> | undefined {
  if (req.path !== '/' && req.path !== '') return undefined;
  const type = req.headers['content-type'] ?? '';
  if (req.method === 'POST' && type.startsWith('application/x-www-form-urlencoded')) {
    const params = parseForm(req.body.toString('utf8'));
    if (params.Action) return params;
  }
  if (/(^|&)Action=/.test(req.query)) return parseForm(req.query);
  return undefined;
}
