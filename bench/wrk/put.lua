-- Durable PUTs: every request writes a new value to one of 1,000 keys per connection, so each
-- one is a real commit (a PUT that repeats the stored value commits nothing).
-- Arguments (after --): the API key, then the tenant (default global).
local counter = 0
local thread_id = 0

function setup(thread)
  thread:set("id", thread_id)
  thread_id = thread_id + 1
end

function init(args)
  token = args[1]
  tenant = args[2] or "global"
end

function request()
  counter = counter + 1
  local path = string.format("/v1/tenants/%s/config/bench/put/t%d/k%d", tenant, id, counter % 1000)
  local body = string.format('{"model":"gpt-4o","temperature":0.7,"n":%d}', counter)
  return wrk.format("PUT", path, {["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json"}, body)
end
