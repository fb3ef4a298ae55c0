// The attach handshake on a session socket. A lakehouse process that uses another's emulator keeps one
// control connection open for its whole life: it writes `LAKEHOUSE-ATTACH {"pid":…,"command":…}\n`, the
// host answers `OK\n` (or `CLOSING\n` when it is shutting down: try again). The host counts these
// connections to know who still needs it; the OS closes them when a client exits, even on kill -9.
// Every other connection on the socket is plain HTTP/1.1 to the emulator.
export const ATTACH_MAGIC = 'LAKEHOUSE-ATTACH ';

export interface ClientInfo {
  pid: number;
  command: string;
}

/** Decide from the first bytes: 'attach', 'http', or undefined while the bytes still match the magic. */
export function classify(head: Buffer): 'attach' | 'http' | undefined {
  const n = Math.min(head.length, ATTACH_MAGIC.length);
  if (head.toString('latin1', 0, n) !== ATTACH_MAGIC.slice(0, n)) return 'http';
  return head.length >= ATTACH_MAGIC.length ? 'attach' : undefined;
}

export function parseHello(line: string): ClientInfo | undefined {
  try {
    const v = JSON.parse(line.slice(ATTACH_MAGIC.length)) as Partial<ClientInfo>;
    if (typeof v.pid === 'number' && typeof v.command === 'string') return { pid: v.pid, command: v.command.slice(0, 200) };
  } catch {
    /* malformed */
  }
  return undefined;
}
