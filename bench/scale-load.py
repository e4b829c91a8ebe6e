#!/usr/bin/env python3
"""The loader of bench/scale: creates the tenants and writes the keys through the REST API, as a
user's import would, in the biggest batch commits the server takes, from a few threads.

    bench/scale-load.py BASE_URL TOKEN KEYS TENANTS BIG_TENANT_KEYS LOADERS

Tenant "big" gets BIG_TENANT_KEYS keys, the other KEYS - BIG_TENANT_KEYS are spread over TENANTS - 1
tenants t0001…; all are children of global. Each tenant also gets the 882-byte value bench/model
in env prod that bench/server reads. Prints one line per phase with its time and throughput.
"""
import http.client
import json
import queue
import sys
import threading
import time
import urllib.parse

MAX_CHANGES = 10_000  # CommitRoutes.MAX_CHANGES; 10,000 of these values are about 2.5 MB, under the 8 MiB body limit

PROVIDERS = [("openai", "gpt-4o"), ("openai", "gpt-4o-mini"), ("anthropic", "claude-sonnet-4"),
             ("google", "gemini-2.5-pro"), ("local", "llama-3.1-70b")]
READ_VALUE = {"provider": "openai", "model": "gpt-4o", "endpoint": "https://api.openai.com/v1", "temperature": 0.7,
              "max_tokens": 4096, "stop": ["###"], "fallbacks": ["claude-sonnet", "local-vllm"], "notes": "x" * 700}


def value(i):
    """Model parameters of an application: 150–250 bytes of JSON."""
    provider, model = PROVIDERS[i % len(PROVIDERS)]
    v = {"provider": provider, "model": model, "temperature": round(0.1 * (i % 11), 1), "top_p": 0.95,
         "max_tokens": 256 << (i % 5), "timeout_ms": 30000, "retries": i % 4, "stop": ["###"]}
    if i % 3 == 0:
        v["system_prompt_ref"] = f"prompts/support/v{i % 17}"
    return v


def change(i):
    """Key i of a tenant: four in five in the base layer, one in five an override for prod."""
    path = f"apps/app{i % 250:03d}/llm/{['chat', 'embed', 'rerank', 'summarize'][i % 4]}-{i}"
    c = {"op": "put", "path": path, "value": value(i)}
    if i % 5 == 4:
        c["env"] = "prod"
    return c


class Client:
    """One keep-alive connection per loader thread."""

    def __init__(self, base, token):
        u = urllib.parse.urlsplit(base)
        self.host, self.port = u.hostname, u.port
        self.headers = {"Authorization": "Bearer " + token, "Content-Type": "application/json"}
        self.conn = http.client.HTTPConnection(self.host, self.port, timeout=600)

    def send(self, method, path, body):
        data = json.dumps(body, separators=(",", ":")).encode()
        for attempt in range(2):
            try:
                self.conn.request(method, path, body=data, headers=self.headers)
                r = self.conn.getresponse()
                text = r.read()
                if r.status >= 300:
                    raise SystemExit(f"{method} {path}: HTTP {r.status}: {text[:300]!r}")
                return
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                if attempt == 1:
                    raise
                self.conn.close()
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=600)


def run_parallel(base, token, loaders, jobs):
    """Runs (method, path, body-function) jobs on `loaders` threads; returns the seconds taken."""
    q = queue.Queue()
    for j in jobs:
        q.put(j)
    errors = []

    def work():
        client = Client(base, token)
        while not errors:
            try:
                method, path, body = q.get_nowait()
            except queue.Empty:
                return
            try:
                client.send(method, path, body())
            except BaseException as e:  # noqa: BLE001 - reported once, stops the others
                errors.append(e)
                return

    t0 = time.monotonic()
    threads = [threading.Thread(target=work) for _ in range(loaders)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        raise SystemExit(f"load failed: {errors[0]}")
    return time.monotonic() - t0


def main():
    base, token, keys, tenants, big, loaders = sys.argv[1], sys.argv[2], *map(int, sys.argv[3:7])
    small = [f"t{n:04d}" for n in range(1, tenants)]
    names = ["big"] + small

    secs = run_parallel(base, token, loaders, [
        ("POST", "/v1/tenants", (lambda n=n: {"name": n, "parent": "global"})) for n in names])
    print(f"tenants: {len(names)} created (one commit each) in {secs:.1f} s, {len(names) / secs:.0f} commits/s", flush=True)

    # the big tenant's keys in full batches; the others' spread evenly, one commit per tenant when it fits
    jobs = []
    per_tenant = {"big": big}
    rest = keys - big
    for k, n in enumerate(small):
        per_tenant[n] = rest // len(small) + (1 if k < rest % len(small) else 0)
    for n in names:
        for start in range(0, per_tenant[n], MAX_CHANGES):
            end = min(per_tenant[n], start + MAX_CHANGES)
            jobs.append(("POST", f"/v1/tenants/{n}/commits",
                         (lambda s=start, e=end: {"message": "scale load", "changes": [change(i) for i in range(s, e)]})))
    # the big batches first, so that the threads finish together
    jobs.sort(key=lambda j: 0 if "/big/" in j[1] else 1)
    secs = run_parallel(base, token, loaders, jobs)
    total = sum(per_tenant.values())
    print(f"load: {total} keys in {len(jobs)} batch commits ({big} in tenant big in batches of {MAX_CHANGES}, "
          f"{rest} over {len(small)} tenants), {loaders} loaders: {secs:.1f} s, {total / secs:.0f} keys/s, "
          f"{len(jobs) / secs:.1f} commits/s", flush=True)

    for n in ("big", small[0]):
        Client(base, token).send("PUT", f"/v1/tenants/{n}/config/bench/model?env=prod", READ_VALUE)


if __name__ == "__main__":
    main()
