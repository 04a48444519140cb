import { createHash } from 'node:crypto';

/** The table names, fixed so every process of every version finds them; the schema tells backplanes apart. */
export const HEADS = 'sse_channel_heads';
export const EVENTS = 'sse_channel_events';
export const BATCHES = 'sse_channel_batches';

/** `name` as a quoted SQL identifier. */
export function quote(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/**
 * The LISTEN/NOTIFY channel of a backplane channel: a digest of the schema and the channel's name,
 * since channel names may be longer than an identifier (63 bytes) or hold any character.
 */
export function notifyChannelOf(schema: string, channel: string): string {
  return `sse_${createHash('sha256').update(`${schema}\0${channel}`).digest('hex').slice(0, 40)}`;
}

/**
 * The tables, in `schema`:
 * - heads: the last id given in each channel (a row per channel). Publishing updates it first, so
 *   the row's lock orders the publishing transactions of a channel: ids, commits and notifications
 *   all follow one order, and no id is ever skipped (a sequence may skip, and commits out of order).
 * - events: the kept events of every channel, one row each, keyed by channel and id, with the time
 *   the database stored it (for `retention`).
 * - batches: unlogged, short-lived: the batches too large for a notification's payload, read once
 *   by each process; a crash of the database may lose them (each process then reads its missed
 *   kept events back from `events`).
 */
export function createTables(schema: string): string[] {
  const s = quote(schema);
  return [
    `CREATE SCHEMA IF NOT EXISTS ${s}`,
    `CREATE TABLE IF NOT EXISTS ${s}.${HEADS} (channel text PRIMARY KEY, last_id bigint NOT NULL)`,
    `CREATE TABLE IF NOT EXISTS ${s}.${EVENTS} (
      channel text NOT NULL,
      id bigint NOT NULL,
      entry text NOT NULL,
      stored_at timestamptz NOT NULL DEFAULT clock_timestamp(),
      PRIMARY KEY (channel, id))`,
    `CREATE INDEX IF NOT EXISTS ${EVENTS}_stored_at ON ${s}.${EVENTS} (channel, stored_at)`,
    `CREATE UNLOGGED TABLE IF NOT EXISTS ${s}.${BATCHES} (
      id bigserial PRIMARY KEY,
      lines text NOT NULL,
      stored_at timestamptz NOT NULL DEFAULT now())`,
  ];
}

/** Whether the tables exist: the statement answers `ready` true or false. */
export function tablesExist(schema: string): string {
  const names = [HEADS, EVENTS, BATCHES].map((table) => `to_regclass('${`${quote(schema)}.${table}`.replaceAll("'", "''")}') IS NOT NULL`);
  return `SELECT ${names.join(' AND ')} AS ready`;
}

/** Serializes table creation between processes starting at once (concurrent CREATE … IF NOT EXISTS can fail). */
export const SETUP_LOCK = `SELECT pg_advisory_xact_lock(hashtext('sse-channel tables'))`;
