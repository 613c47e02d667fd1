-- wrk script for the two-server load check: requests rotate over a reader page and API
-- addresses, and the summary prints how many answers had each status, as lines
-- "status <code> <count>", so a caller can tell throttled 429s from real errors.
local paths = { "/", "/api/events/", "/accords/abraham-accords/", "/api/memberships/" }
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  counts = {}
  n = 0
end

function request()
  n = n + 1
  return wrk.format("GET", paths[(n % #paths) + 1])
end

function response(status, headers, body)
  counts[status] = (counts[status] or 0) + 1
end

function done(summary, latency, requests)
  local total = {}
  for _, thread in ipairs(threads) do
    for status, count in pairs(thread:get("counts")) do
      total[status] = (total[status] or 0) + count
    end
  end
  for status, count in pairs(total) do
    io.write(string.format("status %d %d\n", status, count))
  end
  io.write(string.format("errors connect %d read %d write %d timeout %d status %d\n",
    summary.errors.connect, summary.errors.read, summary.errors.write,
    summary.errors.timeout, summary.errors.status))
  io.write(string.format("p99 %.1f ms\n", latency:percentile(99) / 1000))
end
