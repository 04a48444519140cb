import { BATCHES, EVENTS, HEADS, quote } from './tables.js';

/** How long a batch too large for a notification stays readable. */
const BATCH_LIFETIME = `interval '1 minute'`;

/** The SQL a backplane runs, for the tables of one schema. Every statement is one round trip. */
export interface Statements {
  /**
   * Publishes one batch in one statement (one transaction, one notification), answering `before`:
   * the id given last before this batch, so the batch's kept events are `before + 1`, `+ 2`….
   *
   * $1 channel, $2 how many events of the batch are kept, $3 the sender's newest id (ids continue
   * after it if the database lost its data), $4 the entries to store (the last `historySize` kept
   * ones), $5 historySize, $6 retention in ms (0 = none), $7 the notification channel, $8 the batch's
   * lines, $9 whether they fit in the notification (otherwise they go to the batches table, and the
   * notification names the row).
   */
  publish: string;
  /** $1 channel → `last`: the last id given (0 when none). */
  head: string;
  /** $1 channel, $2 from id (inclusive), $3 to id (inclusive), $4 at most → `id`, `entry`, `fresh` (within $5 retention ms, 0 = none). */
  read: string;
  /** $1 batch row → `lines`. */
  batch: string;
}

export function statements(schema: string): Statements {
  const s = quote(schema);
  const heads = `${s}.${HEADS}`;
  const events = `${s}.${EVENTS}`;
  const batches = `${s}.${BATCHES}`;
  return {
    publish: `WITH head AS (
  INSERT INTO ${heads} AS h (channel, last_id)
  VALUES ($1, greatest($3::bigint, (SELECT coalesce(max(id), 0) FROM ${events} WHERE channel = $1)) + $2::bigint)
  ON CONFLICT (channel) DO UPDATE SET last_id = greatest(h.last_id + $2::bigint, excluded.last_id)
  RETURNING last_id - $2::bigint AS before
), stored AS (
  INSERT INTO ${events} (channel, id, entry)
  SELECT $1, head.before + $2::bigint - cardinality($4::text[]) + e.n, e.entry
  FROM head, unnest($4::text[]) WITH ORDINALITY AS e(entry, n)
), trimmed AS (
  DELETE FROM ${events}
  WHERE channel = $1 AND (id <= (SELECT before FROM head) + $2::bigint - $5::bigint
    OR ($6::bigint > 0 AND stored_at < clock_timestamp() - $6::bigint * interval '1 millisecond'))
), batch AS (
  INSERT INTO ${batches} (lines) SELECT $8 WHERE NOT $9::boolean RETURNING id
), expired AS (
  DELETE FROM ${batches} WHERE NOT $9::boolean AND stored_at < now() - ${BATCH_LIFETIME}
)
SELECT before::text, pg_notify($7, CASE WHEN $9::boolean THEN before || E'\\n' || $8 ELSE before || ' ' || (SELECT id FROM batch) END)
FROM head`,
    head: `SELECT greatest((SELECT last_id FROM ${heads} WHERE channel = $1), (SELECT max(id) FROM ${events} WHERE channel = $1), 0)::text AS last`,
    // Ids go out as text (an application may parse bigint columns as numbers); the order is the column's, not the text's.
    read: `SELECT e.id::text AS id, e.entry, ($5::bigint = 0 OR e.stored_at >= clock_timestamp() - $5::bigint * interval '1 millisecond') AS fresh
FROM ${events} e WHERE e.channel = $1 AND e.id >= $2::bigint AND e.id <= $3::bigint ORDER BY e.id LIMIT $4`,
    batch: `SELECT lines FROM ${batches} WHERE id = $1::bigint`,
  };
}
