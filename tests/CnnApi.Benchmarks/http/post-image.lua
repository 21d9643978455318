-- wrk script: POST the image file named by the IMAGE environment variable to a predictions endpoint
-- as multipart/form-data, field `image` (one file). Optional STOP_AFTER=N: each thread stops after N
-- responses (so `-t2 STOP_AFTER=10000` sends exactly 20,000 requests, for the memory check).
-- Reports requests/s and p50/p90/p99 latency, and counts non-200 answers as errors.
local f = assert(io.open(os.getenv("IMAGE"), "rb"))
local png = f:read("*a")
f:close()
local boundary = "----cnnapi-wrk-boundary-7d1f"
wrk.method = "POST"
wrk.headers["Content-Type"] = "multipart/form-data; boundary=" .. boundary
wrk.body = "--" .. boundary .. "\r\n" ..
  "Content-Disposition: form-data; name=\"image\"; filename=\"digit.png\"\r\n" ..
  "Content-Type: image/png\r\n\r\n" .. png .. "\r\n--" .. boundary .. "--\r\n"

local stop_after = tonumber(os.getenv("STOP_AFTER") or "0")
local seen = 0
response = function(status, headers, body)
  if status ~= 200 and seen == 0 then io.stderr:write("status " .. status .. ": " .. body .. "\n") end
  seen = seen + 1
  if stop_after > 0 and seen >= stop_after then wrk.thread:stop() end
end

done = function(summary, latency, requests)
  io.write(string.format("requests %d  requests/s %.0f  p50 %.3f ms  p90 %.3f ms  p99 %.3f ms  errors %d\n",
    summary.requests, summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000,
    latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
