-- One address per request from a file, each wrk thread its own share, none asked twice until
-- a thread has walked its share (then it starts again and counts a wrap).
--   wrk -t2 -c8 -d10s -s bench/traffic.lua http://127.0.0.1:PORT -- ADDRESSES_FILE THREADS [COOKIE]
local threads = {}
local created = 0

function setup(thread)
  thread:set("id", created)
  created = created + 1
  table.insert(threads, thread)
end

function init(args)
  addresses = {}
  for line in io.lines(args[1]) do
    addresses[#addresses + 1] = line
  end
  step = tonumber(args[2])
  n = id + 1
  sent, wraps, redirects, client_errors, server_errors = 0, 0, 0, 0, 0
  wrk.headers["Accept-Language"] = "en"
  if args[3] and args[3] ~= "" then
    wrk.headers["Cookie"] = args[3]
  end
end

function request()
  local path = addresses[n]
  n = n + step
  if n > #addresses then
    n = id + 1
    wraps = wraps + 1
  end
  sent = sent + 1
  return wrk.format("GET", path)
end

function response(status, headers, body)
  if status >= 500 then
    server_errors = server_errors + 1
  elseif status >= 400 then
    client_errors = client_errors + 1
  elseif status >= 300 then
    redirects = redirects + 1
  end
end

function done(summary, latency, requests)
  local totals = {sent = 0, wraps = 0, redirects = 0, client_errors = 0, server_errors = 0}
  for _, thread in ipairs(threads) do
    for name, _ in pairs(totals) do
      totals[name] = totals[name] + thread:get(name)
    end
  end
  io.write(string.format(
    "TRAFFIC sent=%d wraps=%d redirects=%d client_errors=%d server_errors=%d\n",
    totals.sent, totals.wraps, totals.redirects, totals.client_errors, totals.server_errors
  ))
end
