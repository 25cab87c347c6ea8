/**
 * A Redis URL as users write it (`redis://[:password@]host:port[/db]`, `rediss://` for TLS),
 * checked before anything connects, and its printable form: a password never appears in an
 * error message or a log line.
 */
export function checkRedisUrl(url: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`--redis / { redis }: ${JSON.stringify(url)} is not a Redis URL; write redis://host:6379 (or rediss://:password@host:6380 for TLS)`);
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') {
    throw new Error(`--redis / { redis }: ${redactRedisUrl(url)} is not a Redis URL (protocol ${parsed.protocol}); write redis://host:6379 or rediss://host:6380`);
  }
  return parsed;
}

/** The URL with its password replaced by `***`. */
export function redactRedisUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString().replace(/\/$/, '');
  } catch {
    return url.replace(/:[^:@/]*@/, ':***@');
  }
}
