-- wrk script for the API benchmark: cycles through the request paths in $WRK_PATHS with a bearer
-- token from $WRK_TOKEN, and prints one JSON line with the counts and latency percentiles (ms).
local paths = {}
for line in io.lines(os.getenv("WRK_PATHS")) do paths[#paths + 1] = line end
local token = os.getenv("WRK_TOKEN")
local i = math.random(#paths)

request = function()
  i = i % #paths + 1
  return wrk.format("GET", paths[i], { ["Authorization"] = "Bearer " .. token })
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('WRK{"requests":%d,"errors":%d,"status":%d,"connect":%d,"read":%d,"write":%d,"timeout":%d,"seconds":%.3f,"p50":%.2f,"p95":%.2f,"p99":%.2f}\n',
    summary.requests, e.status + e.connect + e.read + e.write + e.timeout, e.status, e.connect, e.read, e.write, e.timeout,
    summary.duration / 1e6,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000))
end
