#!/usr/bin/env python3
"""The peer side of scripts/bench: huey's SqliteHuey on the same workloads as aj-bench.

Each result is one JSON line on stdout:
  {"system": "huey", "workload": ..., "durability": "FULL"|"OFF", "config": ..., "per_s": ... | "p50_ms"/"p99_ms": ...}

huey runs at its best: results disabled (no result writes), the consumer polls every 1-5 ms instead of its
100 ms default, and every worker count / worker type in --configs is tried; the report keeps the best.
Note huey's delivery is at-most-once (a task is deleted from the queue when dequeued), a weaker guarantee
than aj's leases.
"""
import argparse
import json
import logging
import multiprocessing as mp
import os
import signal
import statistics
import sys
import tempfile
import time

HUEY = None
DONE = None
LATENCY = None
NOOP = None


def setup(path, fsync, capacity):
    """Creates the huey instance, its no-op task and the shared counters (inherited by forked workers)."""
    global HUEY, DONE, LATENCY, NOOP
    from huey import SqliteHuey
    options = {} if fsync is None else {"fsync": fsync}
    HUEY = SqliteHuey("bench", filename=path, results=False, **options)
    DONE = mp.Value("q", 0)
    LATENCY = mp.Array("d", capacity, lock=False)

    @HUEY.task()
    def noop(sequence, enqueued_at):
        started = time.time()
        if sequence < len(LATENCY):
            LATENCY[sequence] = started - enqueued_at
        with DONE.get_lock():
            DONE.value += 1

    NOOP = noop


def consume(workers, worker_type):
    logging.disable(logging.CRITICAL)
    consumer = HUEY.create_consumer(workers=workers, worker_type=worker_type, periodic=False,
                                    initial_delay=0.001, backoff=1.15, max_delay=0.005,
                                    check_worker_health=False)
    consumer.run()


def start_consumer(workers, worker_type):
    process = mp.get_context("fork").Process(target=consume, args=(workers, worker_type))
    process.start()
    return process


def stop_consumer(process):
    os.kill(process.pid, signal.SIGINT)
    process.join(10)
    if process.is_alive():
        process.kill()
        process.join()


def wait_done(target, timeout):
    deadline = time.monotonic() + timeout
    while DONE.value < target:
        if time.monotonic() > deadline:
            raise SystemExit(f"huey: only {DONE.value} of {target} tasks ran within {timeout}s")
        time.sleep(0.0005)


def fresh(fsync, capacity):
    directory = tempfile.mkdtemp(prefix="huey-bench-")
    setup(os.path.join(directory, "huey.db"), fsync, capacity)


def enqueue_single(n, fsync):
    fresh(fsync, 0)
    start = time.perf_counter()
    for i in range(n):
        NOOP(i, time.time())
    return n / (time.perf_counter() - start)


def drain(n, fsync, workers, worker_type):
    fresh(fsync, 0)
    for i in range(n):
        NOOP(i, time.time())
    start = time.perf_counter()
    process = start_consumer(workers, worker_type)
    wait_done(n, 600)
    elapsed = time.perf_counter() - start
    stop_consumer(process)
    return n / elapsed


def end_to_end(n, fsync, workers, worker_type):
    fresh(fsync, 0)
    process = start_consumer(workers, worker_type)
    time.sleep(0.5)  # let the workers start before the clock does
    start = time.perf_counter()
    for i in range(n):
        NOOP(i, time.time())
    wait_done(n, 600)
    elapsed = time.perf_counter() - start
    stop_consumer(process)
    return n / elapsed


def dispatch_latency(n, rate, fsync, workers, worker_type):
    fresh(fsync, n)
    process = start_consumer(workers, worker_type)
    time.sleep(0.5)
    start = time.perf_counter()
    for i in range(n):
        due = start + i / rate
        pause = due - time.perf_counter()
        if pause > 0:
            time.sleep(pause)
        NOOP(i, time.time())
    wait_done(n, 120)
    stop_consumer(process)
    samples = sorted(LATENCY[i] * 1000 for i in range(n))
    return samples[len(samples) // 2], samples[min(len(samples) - 1, int(len(samples) * 0.99))]


def emit(**fields):
    print(json.dumps({"system": "huey", **fields}), flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=20000)
    parser.add_argument("--single", type=int, default=5000, help="tasks for the one-per-call enqueue test")
    parser.add_argument("--latency-tasks", type=int, default=2000)
    parser.add_argument("--rate", type=float, default=200)
    parser.add_argument("--configs", default="thread:1,thread:2,thread:4,thread:8,process:2,process:4")
    parser.add_argument("--durability", default="FULL,OFF")
    parser.add_argument("--workloads", default="enqueue,drain,e2e,dispatch")
    arguments = parser.parse_args()
    configs = [(kind, int(count)) for kind, count in (item.split(":") for item in arguments.configs.split(","))]
    selected = set(arguments.workloads.split(","))
    for durability in arguments.durability.split(","):
        fsync = None if durability == "FULL" else False  # None keeps huey's default: SQLite WAL, synchronous FULL
        if "enqueue" in selected:
            emit(workload="enqueue_single", durability=durability, config="1 producer",
                 per_s=enqueue_single(arguments.single, fsync))
        for workload, run in (("drain", drain), ("e2e", end_to_end)):
            if workload not in selected:
                continue
            for kind, count in configs:
                emit(workload=workload, durability=durability, config=f"{count} {kind} workers",
                     per_s=run(arguments.tasks, fsync, count, kind))
        for kind, count in configs if "dispatch" in selected else []:
            p50, p99 = dispatch_latency(arguments.latency_tasks, arguments.rate, fsync, count, kind)
            emit(workload="dispatch", durability=durability, config=f"{count} {kind} workers", p50_ms=p50, p99_ms=p99)


if __name__ == "__main__":
    sys.exit(main())
