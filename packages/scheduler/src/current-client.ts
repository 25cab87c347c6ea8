/**
 * The process-wide current client: computations that are not told where to run (DataFrame
 * and delayed `compute()`) run on it, and report their events to it. `Client.start()` makes
 * the new client current; closing it clears it.
 */
import type { Client } from './client.js';

let current: Client | null = null;

export function setCurrentClient(client: Client | null): void {
  current = client;
}

export function getCurrentClient(): Client | null {
  return current;
}
