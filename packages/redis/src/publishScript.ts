/**
 * Stores the kept events of a batch and publishes the whole batch in one atomic step, so the order
 * of the stream and the order of delivery are the same on every process, and so are the ids.
 *
 * A kept event's id is the next value of a counter key, written as the entry id `<n>-0`, so ids
 * are integers in order and the id itself finds the entry. Two guards keep the counter from going
 * backwards: it continues after the caller's greatest id (Redis lost its data) and after the
 * stream's last id (the counter key was deleted, or something else wrote to the stream).
 * Retention trims by the time stored in each entry (`at`, Redis's clock); entries are in time
 * order, so the first young one is found by bisection over the counter, never by a scan (an
 * entry without a time, which this package did not write, counts as old).
 *
 * The batch is published as one message: a line `<stream id> <entry JSON>` per event (the id empty
 * for an event that is not kept), joined by LF, which JSON never contains.
 *
 * KEYS[1] the stream, KEYS[2] the counter. ARGV: pub/sub channel, history size, retention in ms
 * ('0' = none), the caller's greatest counter, keep flags ('1' or '0' per event, as one string),
 * then one entry JSON per event. Returns the stream id of each event, '' for one that is not kept.
 */
export const PUBLISH_SCRIPT = `
local stream, counter = KEYS[1], KEYS[2]
local maxlen, retention, keeps = ARGV[2], tonumber(ARGV[3]), ARGV[5]
local ids, lines = {}, {}
local n = math.max(tonumber(redis.call('GET', counter) or '0'), tonumber(ARGV[4]))
local kept, ms, at = false
for i = 1, #keeps do
  local json, id = ARGV[5 + i], ''
  if string.sub(keeps, i, i) == '1' then
    if not kept then
      local now = redis.call('TIME')
      ms = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
      at = string.format('%d', ms)
      kept = true
    end
    n = n + 1
    local added = redis.pcall('XADD', stream, 'MAXLEN', maxlen, string.format('%d-0', n), 'sse', json, 'at', at)
    if type(added) == 'table' then -- an error: the stream's last id is greater than the counter
      local info = redis.call('XINFO', 'STREAM', stream)
      for j = 1, #info, 2 do
        if info[j] == 'last-generated-id' then n = math.max(n, tonumber(string.match(info[j + 1], '^(%d+)'))) + 1 end
      end
      added = redis.call('XADD', stream, 'MAXLEN', maxlen, string.format('%d-0', n), 'sse', json, 'at', at)
    end
    id = added
  end
  ids[i] = id
  lines[i] = id .. ' ' .. json
end
if kept then
  redis.call('SET', counter, n)
  if retention > 0 then
    local cutoff = ms - retention
    local function counterOf(entry) return tonumber(string.match(entry[1], '^(%d+)')) end
    local function storedAt(entry)
      local fields = entry[2]
      for i = 1, #fields, 2 do
        if fields[i] == 'at' then return tonumber(fields[i + 1]) end
      end
      return 0 -- not written by this package: old
    end
    local oldest = redis.call('XRANGE', stream, '-', '+', 'COUNT', 1)[1]
    if oldest and storedAt(oldest) < cutoff then
      -- Entries up to counter 'old' are too old; entries from 'young' on are not (entry n is new).
      local old, young = counterOf(oldest), n
      while young - old > 1 do
        local mid = math.floor((old + young) / 2)
        local entry = redis.call('XRANGE', stream, string.format('%d-0', mid), '+', 'COUNT', 1)[1]
        if storedAt(entry) < cutoff then old = counterOf(entry) else young = mid end
      end
      redis.call('XTRIM', stream, 'MINID', string.format('%d-0', young))
    end
    redis.call('PEXPIRE', stream, retention)
  end
end
redis.call('PUBLISH', ARGV[1], table.concat(lines, '\\n'))
return ids
`;
