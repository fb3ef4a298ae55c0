// The Kinesis SDK client's default HTTP/2 handler opens an isolated session (a new TCP connection and
// HTTP/2 handshake) for every request: its `disableConcurrentStreams` default exists for SubscribeToShard's
// event streams, which the handler keeps isolated whatever the setting. For thousands of PutRecords calls
// that cost ~10% of records/s through `serve` (both sides pay the handshakes); share sessions instead.
interface ConfigurableHandler {
  updateHttpClientConfig?: (key: string, value: unknown) => void;
  httpHandlerConfigs?: () => Record<string, unknown>;
}

/** Lets the client's HTTP handler multiplex requests over its sessions (a no-op for other handlers). */
export function shareHttpSessions(client: { config: object }): void {
  const handler = (client.config as { requestHandler?: unknown }).requestHandler as ConfigurableHandler | undefined;
  if (typeof handler?.updateHttpClientConfig !== 'function') return;
  // Only a handler that knows the setting: HTTP/1.1's and the in-process one have no such key.
  const configs = handler.httpHandlerConfigs?.() ?? {};
  if (configs.disableConcurrentStreams === false) return;
  if (handler.constructor?.name !== 'NodeHttp2Handler' && !('disableConcurrentStreams' in configs)) return;
  handler.updateHttpClientConfig('disableConcurrentStreams', false);
}
