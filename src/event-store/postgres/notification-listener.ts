import type { Client, Notification } from 'pg';

export interface NotificationListenerOptions {
  readonly channel: string;
  /** A new, unconnected client for the dedicated listening connection. */
  readonly createClient: () => Client;
  readonly onNotification: () => void;
  /**
   * After every (re)connection: notifications sent while disconnected are lost, so whoever
   * waits for them must look for themselves.
   */
  readonly onConnected: () => void;
  readonly maxReconnectDelayMs?: number;
}

const FIRST_RECONNECT_DELAY_MS = 100;

/**
 * One LISTEN connection shared by all subscriptions of a store. It is a dedicated client, not a
 * pool client: it stays open for as long as the store does. A lost connection is re-established
 * with capped exponential back-off; meanwhile subscriptions fall back to polling.
 */
export class NotificationListener {
  private client: Client | undefined;
  private connecting: Promise<void> | undefined;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private attempts = 0;
  private started = false;
  private stopped = false;

  constructor(private readonly options: NotificationListenerOptions) {}

  get connected(): boolean {
    return this.client !== undefined;
  }

  /** Idempotent; the first call opens the connection in the background. */
  start(): void {
    if (this.started || this.stopped) return;
    this.started = true;
    this.connecting = this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.reconnectTimer);
    await this.connecting;
    const client = this.client;
    this.client = undefined;
    if (client) await client.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    const client = this.options.createClient();
    client.on('error', () => this.lost(client));
    client.on('end', () => this.lost(client));
    client.on('notification', (message: Notification) => {
      if (message.channel === this.options.channel) this.options.onNotification();
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${client.escapeIdentifier(this.options.channel)}`);
    } catch {
      await client.end().catch(() => undefined);
      this.scheduleReconnect();
      return;
    } finally {
      this.connecting = undefined;
    }
    if (this.stopped) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    this.attempts = 0;
    this.options.onConnected();
  }

  private lost(client: Client): void {
    if (this.client !== client) return; // not (yet, or any more) the live connection
    this.client = undefined;
    client.end().catch(() => undefined);
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.stopped || this.reconnectTimer) return;
    const maxDelay = this.options.maxReconnectDelayMs ?? 5_000;
    const delay = Math.min(FIRST_RECONNECT_DELAY_MS * 2 ** this.attempts, maxDelay);
    this.attempts += 1;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      if (!this.stopped) this.connecting = this.connect();
    }, delay);
  }
}
