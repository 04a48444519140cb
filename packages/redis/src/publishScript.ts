/**
 * Stores a kept event and publishes every event in one atomic step, so the order of the stream and
 * the order of delivery are the same on every process, and so is the id.
 *
 * A kept event's id is the next value of a counter key (INCR), written as the entry id `<n>-0`, so
 * ids are integers in order and the id itself finds the entry. Two guards keep the counter from
 * going backwards: it continues after the caller's greatest id (Redis lost its data) and after the
 * stream's last id (older versions wrote time-based ids, or the counter key was deleted).
 * Retention trims by the time stored in each entry (`at`, Redis's clock); entries are in time
 * order, so the first young one is found by bisection over the counter, never by a scan.
 *
 * KEYS[1] the stream, KEYS[2] the counter. ARGV: pub/sub channel, entry JSON, keep ('1' or '0'),
 * history size, retention in ms ('0' = none), the caller's greatest counter. Returns the stream
 * id, or '' when the event is not kept.
 */
export const PUBLISH_SCRIPT = `
local stream, counter = KEYS[1], KEYS[2]
local id = ''
if ARGV[3] == '1' then
  local now = redis.call('TIME')
  local ms = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
  local at = string.format('%d', ms)
  local n = redis.call('INCR', counter)
  local floor = tonumber(ARGV[6])
  if n <= floor then
    n = floor + 1
    redis.call('SET', counter, n)
  end
  local added = redis.pcall('XADD', stream, 'MAXLEN', ARGV[4], string.format('%d-0', n), 'sse', ARGV[2], 'at', at)
  if type(added) == 'table' then -- an error: the stream's last id is greater than the counter
    local info = redis.call('XINFO', 'STREAM', stream)
    for i = 1, #info, 2 do
      if info[i] == 'last-generated-id' then n = math.max(n, tonumber(string.match(info[i + 1], '^(%d+)'))) + 1 end
    end
    redis.call('SET', counter, n)
    added = redis.call('XADD', stream, 'MAXLEN', ARGV[4], string.format('%d-0', n), 'sse', ARGV[2], 'at', at)
  end
  id = added
  local retention = tonumber(ARGV[5])
  if retention > 0 then
    local cutoff = ms - retention
    local function counterOf(entry) return tonumber(string.match(entry[1], '^(%d+)')) end
    local function storedAt(entry)
      local fields = entry[2]
      for i = 1, #fields, 2 do
        if fields[i] == 'at' then return tonumber(fields[i + 1]) end
      end
      return counterOf(entry) -- an entry of an older version: its id is its time
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
redis.call('PUBLISH', ARGV[1], id .. ' ' .. ARGV[2])
return id
`;
