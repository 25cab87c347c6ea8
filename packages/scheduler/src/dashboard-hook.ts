/**
 * How a Client starts its dashboard without the scheduler depending on the dashboard package:
 * `@floe/dashboard` registers its server here when it is imported (the `floe` package imports
 * it), and `Client.start({ dashboard })` calls what is registered.
 */
import type { Client } from './client.js';

export interface DashboardRequest {
  port: number;
  /** Interface to bind; loopback unless the user asked for another. */
  host: string;
}

export interface DashboardHandle {
  readonly url: string;
  close(): Promise<void>;
}

export type DashboardStarter = (client: Client, request: DashboardRequest) => Promise<DashboardHandle>;

let starter: DashboardStarter | null = null;

export function registerDashboard(start: DashboardStarter | null): void {
  starter = start;
}

export function registeredDashboard(): DashboardStarter | null {
  return starter;
}
