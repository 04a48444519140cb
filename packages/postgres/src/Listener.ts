import pg from 'pg';
import { createTables, quote, SETUP_LOCK, tablesExist } from './tables.js';

/** What a listening connection tells its backplane. */
export interface ListenerEvents {
  /** A notification's payload, in the order the database sent them. */
  notification(payload: string): void;
  /** The connection failed or closed (once, and never after `close`). */
  lost(error: Error): void;
}

/**
 * A connection of its own that LISTENs to one channel's notifications: a session of its own, never
 * a pooled one (PgBouncer in transaction mode would hand it to others). Once per connection it
 * creates the tables when they are missing, so a database that lost them (or a new one after a
 * failover) is ready again before the backplane reads it.
 */
export class Listener {
  private readonly client: pg.Client;
  /** Nothing is reported any more: the connection was lost or closed. */
  private done = false;
  private ended: Promise<void> | undefined;

  constructor(
    config: pg.ClientConfig,
    private readonly schema: string,
    private readonly channel: string,
    private readonly events: ListenerEvents,
  ) {
    // A database that stops answering (a network partition) is noticed within a minute or so.
    this.client = new pg.Client({ connectionTimeoutMillis: 10_000, application_name: 'sse-channel listener', ...config, keepAlive: true, keepAliveInitialDelayMillis: 10_000 });
    this.client.on('notification', (message) => {
      if (!this.done && message.channel === channel) events.notification(message.payload ?? '');
    });
    this.client.on('error', (error) => this.fail(error));
    this.client.on('end', () => this.fail(new Error('the listening connection closed')));
  }

  /** Connects, creates the tables if needed and listens; resolves once listening, or reports `lost`. */
  async start(): Promise<void> {
    try {
      await this.client.connect();
      await this.createTables();
      await this.client.query(`LISTEN ${quote(this.channel)}`);
    } catch (error) {
      this.fail(error as Error);
    }
  }

  /** Ends the connection; nothing is reported afterwards. */
  close(): Promise<void> {
    this.done = true;
    this.ended ??= this.client.end().catch(() => undefined);
    return this.ended;
  }

  private async createTables(): Promise<void> {
    const [found] = (await this.client.query<{ ready: boolean }>(tablesExist(this.schema))).rows;
    if (found?.ready) return;
    await this.client.query('BEGIN');
    try {
      await this.client.query(SETUP_LOCK);
      for (const statement of createTables(this.schema)) await this.client.query(statement);
      await this.client.query('COMMIT');
    } catch (error) {
      await this.client.query('ROLLBACK').catch(() => undefined);
      throw error;
    }
  }

  private fail(error: Error): void {
    if (this.done) return;
    this.done = true;
    this.events.lost(error);
  }
}
