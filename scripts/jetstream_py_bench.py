#!/usr/bin/env python3
"""nats-py's side of the JetStream benchmark (scripts/bench runs it beside `jetstream-bench` on one server).

Windowed publish: `js.publish_async` with `publish_async_max_pending` = the window, then
`publish_async_completed()`. Pull + ack: a durable pull consumer, `fetch(batch)` and `msg.ack()` (a plain
publish, as nats-py does by default) until every message is acknowledged. Each configuration runs on a fresh
file-storage stream. Prints one line per configuration to stderr and, on stdout, the best of each:
`py_publish_per_s=N py_pull_ack_per_s=N`.
"""
import argparse
import asyncio
import sys
import time

import nats
from nats.js.api import AckPolicy, ConsumerConfig, StorageType, StreamConfig


async def fresh_stream(js, name):
    try:
        await js.delete_stream(name)
    except Exception:
        pass
    await js.add_stream(StreamConfig(name=name, subjects=[f"{name}.>"], storage=StorageType.FILE))


async def publish_run(server, count, window, payload):
    nc = await nats.connect(server)
    js = nc.jetstream(publish_async_max_pending=window)
    await fresh_stream(js, "PYBENCH")
    started = time.perf_counter()
    for index in range(count):
        await js.publish_async(f"PYBENCH.{index % 16}", payload)
    await js.publish_async_completed()
    elapsed = time.perf_counter() - started
    stored = (await js.stream_info("PYBENCH")).state.messages
    await nc.close()
    if stored != count:
        raise SystemExit(f"nats-py publish stored {stored} of {count}")
    return count / elapsed


async def pull_run(server, count, batch, payload):
    nc = await nats.connect(server)
    js = nc.jetstream(publish_async_max_pending=4000)
    await fresh_stream(js, "PYBENCH")
    for index in range(count):
        await js.publish_async(f"PYBENCH.{index % 16}", payload)
    await js.publish_async_completed()
    sub = await js.pull_subscribe("PYBENCH.>", durable="BENCH",
                                  config=ConsumerConfig(ack_policy=AckPolicy.EXPLICIT, max_ack_pending=-1))
    received = 0
    started = time.perf_counter()
    while received < count:
        try:
            messages = await sub.fetch(batch, timeout=2)
        except nats.errors.TimeoutError:
            continue
        for message in messages:
            await message.ack()
        received += len(messages)
    await nc.flush()
    elapsed = time.perf_counter() - started
    await nc.close()
    return count / elapsed


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--server", default="nats://127.0.0.1:4222")
    parser.add_argument("--count", type=int, default=50000)
    parser.add_argument("--windows", default="256,1024,4000")
    parser.add_argument("--batches", default="100,500,1000")
    parser.add_argument("--payload", type=int, default=128)
    args = parser.parse_args()
    payload = b"x" * args.payload
    best_publish = 0.0
    for window in [int(w) for w in args.windows.split(",")]:
        rate = await publish_run(args.server, args.count, window, payload)
        print(f"nats-py publish window={window}: {rate:.0f}/s", file=sys.stderr)
        best_publish = max(best_publish, rate)
    best_pull = 0.0
    for batch in [int(b) for b in args.batches.split(",")]:
        rate = await pull_run(args.server, args.count, batch, payload)
        print(f"nats-py pull+ack batch={batch}: {rate:.0f}/s", file=sys.stderr)
        best_pull = max(best_pull, rate)
    print(f"py_publish_per_s={best_publish:.0f} py_pull_ack_per_s={best_pull:.0f}")


asyncio.run(main())
