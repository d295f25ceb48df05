"""The asyncjobs-style flow's throughput, for scripts/bench: the producer enqueues `count` tasks (as Go's
`EnqueueTask`: record CAS, work item with Msg-Id, event) while, in the same process, the worker pulls them one
at a time per slot and runs the 5-round-trip path per task (load, CAS active, CAS final, ack, events). Each
worker concurrency gets a fresh queue; the line on stdout is the best: `emulator_e2e_per_s=N`."""
import asyncio
import sys
import time

from jsapi import APIError, api
from producer import enqueue
from provision import Queue, provision_queue, provision_storage, queue_stream
from records import Task
from retry import policy_named
from worker import Worker

PRODUCERS = 32  # concurrent EnqueueTask calls: Go programs enqueue from many goroutines


async def one_run(nc, base: Queue, handler, policy, count: int, concurrency: int) -> float:
    queue = Queue(f"{base.name}_{concurrency}", max_concurrent=max(base.max_concurrent, concurrency),
                  max_runtime_ns=base.max_runtime_ns, max_tries=base.max_tries)
    try:
        await api(nc, f"STREAM.DELETE.{queue_stream(queue.name)}")
    except APIError:
        pass
    queue = await provision_queue(nc, queue)
    worker = Worker(nc, queue, concurrency, policy, handler, poll_expires_ns=2_000_000_000,
                    log=open("/dev/null", "w"))
    started = time.perf_counter()
    next_index = iter(range(count))

    async def producer():
        for _ in next_index:
            await enqueue(nc, Task.new("bench", b"{}"), queue.name)

    working = asyncio.create_task(worker.run(exit_after=count, idle_exit=30))
    await asyncio.gather(*(producer() for _ in range(PRODUCERS)))
    await working
    elapsed = time.perf_counter() - started
    await api(nc, f"STREAM.DELETE.{queue_stream(queue.name)}")
    if worker.handled != count:
        raise SystemExit(f"emulator bench: {worker.handled} of {count} tasks handled")
    return count / elapsed


async def run(args, nc, base: Queue, handler):
    await provision_storage(nc, args.storage, args.replicas)
    best = 0.0
    for concurrency in (int(value) for value in args.concurrency.split(",")):
        rate = await one_run(nc, base, handler, policy_named(args.retry_policy), args.count, concurrency)
        print(f"emulator concurrency={concurrency}: {rate:.0f} tasks/s", file=sys.stderr)
        best = max(best, rate)
    print(f"emulator_e2e_per_s={best:.0f}")
