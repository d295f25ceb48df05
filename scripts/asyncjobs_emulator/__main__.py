"""A nats-py emulator of Go asyncjobs (HEAD 1424f3a): its provisioning, producer and worker, byte-faithful to
the Go library, faults included, so the Swift JetStream store can be tested against "Go" without a Go
toolchain (../shared/reference/jetstream-wire.md §6). Run as `python3 scripts/asyncjobs_emulator COMMAND`.

  selftest                               the Appendix's golden records, byte for byte (no server)
  provision --queue Q [queue options]    tasks stream, KV buckets, the queue's stream and WORKERS
  enqueue --queue Q --type T [--payload JSON] [--count N] [--id ID] [--max-tries N] [--parallel N]
                                         prints one task ID per line (in completion order when parallel)
  work --queue Q [--concurrency N] [handler options] [--exit-after N] [--idle-exit S]
                                         JSON lines on stdout: handler_start / handler_end / …
  set-state ID STATE                     rewrites a record's state (CAS), as a tool that ignores workers would
  view ID                                prints the stored record's bytes
  bench --count N [--concurrency N,…]    enqueue N, work them, print `emulator_e2e_per_s=N` (best config)
"""
import argparse
import asyncio
import json
import sys

from gojson import marshal
from handlers import ExternalProcessHandler, ScriptedHandler
from jsapi import connect, last_message
from producer import enqueue, save_task
from provision import TASKS_STREAM, Queue, provision_queue, provision_storage
from records import Task
from retry import policy_named
from worker import Worker

SECOND = 1_000_000_000


def duration_ns(text: str) -> int:
    """Go-style `1h`, `30s`, `500ms`, `2m` (or plain seconds)."""
    for suffix, scale in (("ms", 1_000_000), ("us", 1_000), ("ns", 1), ("h", 3600 * SECOND), ("m", 60 * SECOND),
                          ("s", SECOND)):
        if text.endswith(suffix):
            return int(float(text[: -len(suffix)]) * scale)
    return int(float(text) * SECOND)


def queue_from(args) -> Queue:
    if args.queue == "DEFAULT" and args.max_concurrent is None and args.max_runtime is None and args.max_tries is None:
        return Queue.implicit_default()
    queue = Queue(args.queue)
    if args.max_concurrent is not None:
        queue.max_concurrent = args.max_concurrent
    if args.max_runtime is not None:
        queue.max_runtime_ns = duration_ns(args.max_runtime)
    if args.max_tries is not None:
        queue.max_tries = args.max_tries
    return queue


async def cmd_provision(args, nc):
    await provision_storage(nc, args.storage, args.replicas)
    queue = await provision_queue(nc, queue_from(args), args.storage, args.replicas)
    print(json.dumps(queue.__dict__))


async def cmd_enqueue(args, nc):
    """`EnqueueTask` `count` times, from `parallel` concurrent callers (goroutines, in a Go program)."""
    payload = None if args.payload is None else marshal(json.loads(args.payload))
    indexes = iter(range(args.count))

    async def caller():
        for index in indexes:
            task_id = args.id if args.count == 1 else (f"{args.id}-{index}" if args.id else None)
            task = Task.new(args.type, payload, task_id=task_id, max_tries=args.task_max_tries,
                            dependencies=args.depends or None)
            await enqueue(nc, task, args.queue)
            if not args.quiet:
                print(task["id"], flush=True)

    await asyncio.gather(*(caller() for _ in range(args.parallel)))


def handler_from(args):
    if args.command:
        return ExternalProcessHandler(args.command)
    return ScriptedHandler(sleep_s=args.sleep, fail_types=args.fail_types.split(",") if args.fail_types else (),
                           terminate_types=args.terminate_types.split(",") if args.terminate_types else (),
                           fail_tries=args.fail_tries, result=args.result)


async def cmd_work(args, nc):
    queue = await provision_queue(nc, Queue(args.queue), create=False)
    worker = Worker(nc, queue, args.concurrency, policy_named(args.retry_policy), handler_from(args),
                    poll_expires_ns=duration_ns(args.poll_expires))
    worker.log(event="ready", queue=queue.name, concurrency=args.concurrency, max_concurrent=queue.max_concurrent)
    await worker.run(exit_after=args.exit_after, idle_exit=args.idle_exit)


async def cmd_set_state(args, nc):
    loaded = await last_message(nc, TASKS_STREAM, f"CHORIA_AJ.T.{args.id}")
    if loaded is None:
        raise SystemExit(f"task {args.id} not found")
    task = Task.decode(loaded[1])
    task["state"] = args.state
    await save_task(nc, task, loaded[0])


async def cmd_view(args, nc):
    loaded = await last_message(nc, TASKS_STREAM, f"CHORIA_AJ.T.{args.id}")
    if loaded is None:
        raise SystemExit(f"task {args.id} not found")
    sys.stdout.buffer.write(loaded[1] + b"\n")


def main():
    parser = argparse.ArgumentParser(prog="asyncjobs_emulator", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--server", default="nats://127.0.0.1:4222")
    commands = parser.add_subparsers(dest="cmd", required=True)
    commands.add_parser("selftest")
    provision = commands.add_parser("provision")
    enqueue_parser = commands.add_parser("enqueue")
    work = commands.add_parser("work")
    bench = commands.add_parser("bench")
    for sub in (provision, enqueue_parser, work, bench):
        sub.add_argument("--queue", default="DEFAULT")
    for sub in (provision, bench):
        sub.add_argument("--max-concurrent", type=int)
        sub.add_argument("--max-runtime")
        sub.add_argument("--max-tries", type=int)
        sub.add_argument("--storage", choices=("file", "memory"), default="file")
        sub.add_argument("--replicas", type=int, default=1)
    enqueue_parser.add_argument("--type", required=True)
    enqueue_parser.add_argument("--payload")
    enqueue_parser.add_argument("--count", type=int, default=1)
    enqueue_parser.add_argument("--id")
    enqueue_parser.add_argument("--task-max-tries", type=int, default=10)
    enqueue_parser.add_argument("--depends", action="append")
    enqueue_parser.add_argument("--parallel", type=int, default=1)
    enqueue_parser.add_argument("--quiet", action="store_true", help="do not print the IDs")
    for sub in (work, bench):
        sub.add_argument("--concurrency", default="10")
        sub.add_argument("--retry-policy", default="default")
        sub.add_argument("--poll-expires", default="60s")
        sub.add_argument("--sleep", type=float, default=0.0)
        sub.add_argument("--fail-types", default="")
        sub.add_argument("--terminate-types", default="")
        sub.add_argument("--fail-tries", type=int, default=0)
        sub.add_argument("--result", default="done")
        sub.add_argument("--command")
    work.add_argument("--exit-after", type=int)
    work.add_argument("--idle-exit", type=float)
    bench.add_argument("--count", type=int, default=2000)
    set_state = commands.add_parser("set-state")
    set_state.add_argument("id")
    set_state.add_argument("state")
    view = commands.add_parser("view")
    view.add_argument("id")
    args = parser.parse_args()

    if args.cmd == "selftest":
        import selftest
        sys.exit(selftest.run())
    if args.cmd == "work":
        args.concurrency = int(args.concurrency)

    async def run():
        nc = await connect(args.server, "Choria Asynchronous Jobs Client")
        try:
            if args.cmd == "bench":
                import bench as bench_module
                await bench_module.run(args, nc, queue_from(args), handler_from(args))
            else:
                await globals()[f"cmd_{args.cmd.replace('-', '_')}"](args, nc)
        finally:
            await nc.close()

    try:
        asyncio.run(run())
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
