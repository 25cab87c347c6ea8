/**
 * Which names a live function finds in its closure (its enclosing functions', script's and
 * module's variables, imports included) rather than among the globals. Source text alone
 * cannot tell `setTimeout` the global from `import { setTimeout } from 'node:timers/promises'`;
 * the function's scope chain can. Asks V8 through an in-process inspector session
 * (node:inspector, synchronous on the calling thread), the way a debugger lists a closure.
 *
 * Only reads; never changes or calls the function. Returns null where the inspector is not
 * available, and callers then assume the worst (the names come from the closure).
 */
import { Session } from 'node:inspector';

const PROBE = Symbol.for('floe.closure-probe');
const GROUP = 'floe-closure-probe';

let session: Session | null | undefined;

type Reply = Record<string, unknown>;
interface RemoteProperty {
  name: string;
  value?: { objectId?: string; description?: string };
}

/** The subset of `names` that `fn`'s closure holds, or null when that cannot be found out. */
export function closureNames(fn: (...args: never[]) => unknown, names: readonly string[]): Set<string> | null {
  if (names.length === 0) return new Set();
  const s = connect();
  if (!s) return null;
  const global = globalThis as Record<symbol, unknown>;
  global[PROBE] = fn;
  try {
    const { result } = post(s, 'Runtime.evaluate', { expression: `globalThis[Symbol.for(${JSON.stringify(PROBE.description)})]`, objectGroup: GROUP }) as { result: { objectId?: string } };
    if (!result.objectId) return null;
    const internal = post(s, 'Runtime.getProperties', { objectId: result.objectId, ownProperties: true }).internalProperties as RemoteProperty[] | undefined;
    const scopes = internal?.find((p) => p.name === '[[Scopes]]')?.value?.objectId;
    if (!scopes) return null;
    const wanted = new Set(names);
    const found = new Set<string>();
    for (const scope of post(s, 'Runtime.getProperties', { objectId: scopes, ownProperties: true }).result as RemoteProperty[]) {
      const id = scope.value?.objectId;
      if (!id || scope.value?.description === 'Global') continue;
      for (const v of post(s, 'Runtime.getProperties', { objectId: id, ownProperties: true }).result as RemoteProperty[]) {
        if (wanted.has(v.name)) found.add(v.name);
      }
    }
    return found;
  } catch {
    return null;
  } finally {
    delete global[PROBE];
    try {
      post(s, 'Runtime.releaseObjectGroup', { objectGroup: GROUP });
    } catch {
      // nothing held
    }
  }
}

function connect(): Session | null {
  if (session !== undefined) return session;
  try {
    session = new Session();
    session.connect();
  } catch {
    session = null;
  }
  return session;
}

/** In-process inspector sessions answer synchronously: the callback has run when post returns. */
function post(s: Session, method: string, params: object): Reply {
  let reply: Reply | undefined;
  let error: Error | null = null;
  s.post(method, params, (err: Error | null, r?: object) => {
    error = err;
    reply = r as Reply;
  });
  if (error) throw error;
  if (!reply) throw new Error(`inspector did not answer ${method} synchronously`);
  return reply;
}
