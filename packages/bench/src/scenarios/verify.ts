import type { Connection } from '../Connection.js';

/** Events missing, duplicated or out of order over `connections`, which should each have received `total`. */
export function deliveryErrors(connections: readonly Connection[], total: number): number {
  let errors = 0;
  for (const connection of connections) errors += connection.errors + Math.abs(total - connection.received);
  return errors;
}
