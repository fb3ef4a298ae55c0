// The Host allow-list: serve answers only requests that name it. A web page that rebinds its own DNS name
// to 127.0.0.1 (DNS rebinding) reaches the port, but its requests carry the page's Host and are refused
// before routing. Allowed: 127.0.0.1, localhost, and <bucket>.localhost for S3 virtual-hosted addressing,
// each bare or with the port serve listens on.
export function hostAllowed(host: string | undefined, port: number | undefined): boolean {
  if (!host) return false;
  const m = /^([^:\[\]]+)(?::(\d{1,5}))?$/.exec(host.toLowerCase());
  if (!m) return false; // IPv6 literals: serve does not listen on ::1
  if (m[2] !== undefined && port !== undefined && Number(m[2]) !== port) return false;
  const name = m[1];
  // Labels of DNS names ([a-z0-9-], no empty label): `..`, `%2e`, `/` and the like never get through.
  return name === '127.0.0.1' || /^([a-z0-9-]+\.)*localhost$/.test(name);
}
