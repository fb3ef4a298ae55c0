// S3 REST routing: method + path (+ subresource query) → action.
import type { ServiceEnv } from '../../service.js';
import type { EmuRequest, EmuResponse, RequestContext } from '../../types.js';
import { notImplemented } from './errors.js';
import type { S3Store } from './store.js';

export async function routeS3(
  _store: S3Store,
  _env: ServiceEnv,
  _req: EmuRequest,
  _ctx: RequestContext,
  _requestId: string,
): Promise<EmuResponse> {
  throw notImplemented();
}
