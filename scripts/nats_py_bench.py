#!/usr/bin/env python3
"""nats-py side of the NATS request/reply benchmark, the same method as `nats-bench request`.

A responder and a requester on two connections to one server; after 200 warm-up requests, COUNT sequential
requests are timed one by one. Prints `py_request_p50_ms=… py_request_p99_ms=… requests=…`.

    python3 scripts/nats_py_bench.py request --server nats://127.0.0.1:4222 [--count 5000] [--payload 64]
"""
import argparse
import asyncio
import time
import uuid

import nats


async def measure(server: str, count: int, payload_size: int) -> list[float]:
    responder = await nats.connect(server, name="nats-py-bench-responder")
    requester = await nats.connect(server, name="nats-py-bench-requester")
    subject = "bench.request." + uuid.uuid4().hex[:8]

    async def answer(msg):
        await responder.publish(msg.reply, msg.data)

    await responder.subscribe(subject, cb=answer)
    await responder.flush()
    payload = b"x" * payload_size
    for _ in range(min(200, count)):
        await requester.request(subject, payload, timeout=5)
    samples = []
    for _ in range(count):
        started = time.perf_counter()
        await requester.request(subject, payload, timeout=5)
        samples.append((time.perf_counter() - started) * 1000)
    await requester.close()
    await responder.close()
    return sorted(samples)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=["request"])
    parser.add_argument("--server", default="nats://127.0.0.1:4222")
    parser.add_argument("--count", type=int, default=5000)
    parser.add_argument("--payload", type=int, default=64)
    args = parser.parse_args()
    if args.count <= 0 or args.payload < 0:
        parser.error("--count must be positive and --payload not negative")
    samples = asyncio.run(measure(args.server, args.count, args.payload))
    p50 = samples[len(samples) // 2]
    p99 = samples[min(len(samples) - 1, len(samples) * 99 // 100)]
    print(f"py_request_p50_ms={p50:.3f} py_request_p99_ms={p99:.3f} requests={args.count}")


if __name__ == "__main__":
    main()
