/**
 * Values that cross machines: serialized with V8's structured-clone format (the same rules as
 * between the local pool's threads: typed arrays, Maps, Dates survive; class instances and
 * functions do not), sent inline in the job when small, else stored in shared storage with only
 * the location in Redis. Never holds a value in Redis past the job that carries it.
 */
import { deserialize, serialize } from 'node:v8';
import type { SharedStorage } from './shared-storage.js';

export type Payload = { readonly inline: string } | { readonly stored: string; readonly bytes: number };

/** Above this many bytes a value goes to shared storage (Redis holds every job in memory). */
export const INLINE_LIMIT = 256 * 1024;

export async function encodePayload(value: unknown, storage: SharedStorage, name: string, limit = INLINE_LIMIT): Promise<Payload> {
  const bytes = serialize(value);
  if (bytes.byteLength <= limit) return { inline: bytes.toString('base64') };
  return { stored: await storage.put(name, bytes), bytes: bytes.byteLength };
}

export async function decodePayload(payload: Payload, storage: SharedStorage): Promise<unknown> {
  if ('inline' in payload) return deserialize(Buffer.from(payload.inline, 'base64'));
  const bytes = await storage.get(payload.stored);
  return deserialize(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
}

export async function dropPayload(payload: Payload | undefined, storage: SharedStorage): Promise<void> {
  if (payload && 'stored' in payload) await storage.delete(payload.stored);
}
