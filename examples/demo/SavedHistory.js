import { readFileSync, renameSync, writeFileSync } from 'node:fs';

/**
 * The newest `size` events, kept in a JSON file (an array of events, oldest first) so that a
 * restarted demo still knows what it sent and can replay it after a client's Last-Event-ID.
 * Each change replaces the file whole, through a rename, so a process killed mid-write leaves
 * the previous version intact.
 */
export class SavedHistory {
  constructor(file, size) {
    this.file = file;
    this.size = size;
    this.events = load(file).slice(-size);
  }

  /** The newest event, or `undefined` when none was ever saved. */
  get last() {
    return this.events.at(-1);
  }

  /** Saves an event; call it before sending, so a client never sees an event the file does not hold. */
  add(event) {
    this.events.push(event);
    if (this.events.length > this.size) this.events.shift();
    const partial = `${this.file}.${process.pid}.tmp`;
    writeFileSync(partial, JSON.stringify(this.events));
    renameSync(partial, this.file);
  }
}

function load(file) {
  let text;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if (error.code === 'ENOENT') return [];
    throw error;
  }
  const events = JSON.parse(text || 'null');
  if (!Array.isArray(events)) throw new TypeError(`${file} must hold a JSON array of events (delete it to start afresh)`);
  return events;
}
