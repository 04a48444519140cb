/**
 * Stores a kept event and publishes every event in one atomic step, so the order of the stream and
 * the order of delivery are the same on every process, and the id in both is the stream's.
 *
 * KEYS[1] the stream. ARGV: pub/sub channel, entry JSON, keep ('1' or '0'), history size,
 * retention in ms ('0' = none). Returns the stream id, or '' when the event is not kept.
 */
export const PUBLISH_SCRIPT = `
local id = ''
if ARGV[3] == '1' then
  id = redis.call('XADD', KEYS[1], 'MAXLEN', ARGV[4], '*', 'sse', ARGV[2])
  local retention = tonumber(ARGV[5])
  if retention > 0 then
    local now = redis.call('TIME')
    local oldest = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000) - retention
    redis.call('XTRIM', KEYS[1], 'MINID', string.format('%d', oldest))
    redis.call('PEXPIRE', KEYS[1], retention)
  end
end
redis.call('PUBLISH', ARGV[1], id .. ' ' .. ARGV[2])
return id
`;
