"""asyncjobs' processor (processor.go, §5): one pull of batch 1 per free slot from `WORKERS`, the pre-handler
checks in Go's order, the CAS write to `active`, the handler under MaxRunTime, the final write and then
ACK / `-NAK {"delay": ns}` / TERM, each as a request.

Faithful on purpose, faults included (issue 16): a NAK with delay keeps the item in `WORKERS`' ack-pending
set, so tasks in back-off hold MaxConcurrent slots (the stall); `tries` is incremented only in memory before
the handler, so a worker killed mid-task leaves `active` with the old count and the redelivered attempt
(after AckWait) ends with one try fewer than handler runs; and no check looks at `terminated`, so a task
whose record was set `terminated` before pickup still runs."""
import asyncio
import json
import sys

import nats

from jsapi import ACK_TIMEOUT, last_message
from producer import TaskUpdateFailed, save_task
from provision import TASKS_STREAM, Queue, queue_stream
from records import (ACTIVE, BLOCKED, COMPLETE, EXPIRED, QUEUE_ERROR, RETRY, TERMINATED, UNREACHABLE, Task,
                     now_ns, task_result)
from gojson import parse_rfc3339nano, rfc3339nano

DEPENDENCY_POLL_NS = 5_000_000_000  # blocked tasks are NAKed with a fixed 5 s delay
FAILED_DEPENDENCY_STATES = (EXPIRED, TERMINATED, QUEUE_ERROR, "")


class TerminateTask(Exception):
    """A handler error wrapping Go's `ErrTerminateTask`: the task ends `terminated` and its item is TERMed."""


def delivery_count(reply: str) -> int:
    """NumDelivered from a `$JS.ACK` subject (v1: 9 tokens; v2: 11+ tokens with domain and account hash).
    Go uses 20 when the metadata cannot be read."""
    tokens = reply.split(".")
    try:
        return int(tokens[4] if len(tokens) == 9 else tokens[6])
    except (IndexError, ValueError):
        return 20


class Worker:
    """`Client.Run` with one queue: `concurrency` slots, each pulling one item at a time."""

    def __init__(self, nc, queue: Queue, concurrency: int, policy, handler, *, poll_expires_ns: int,
                 log=sys.stdout):
        self.nc, self.queue, self.concurrency, self.policy, self.handler = nc, queue, concurrency, policy, handler
        self.poll_expires_ns = poll_expires_ns
        self.next_subject = f"$JS.API.CONSUMER.MSG.NEXT.{queue_stream(queue.name)}.WORKERS"
        self.log_file = log
        self.handled = 0
        self.last_activity = asyncio.get_event_loop().time()

    def log(self, **fields):
        print(json.dumps(fields, separators=(",", ":")), file=self.log_file, flush=True)

    async def run(self, *, exit_after: int | None = None, idle_exit: float | None = None):
        """Runs the slots until `exit_after` handler runs have finished or nothing arrived for `idle_exit` s."""
        self.done = asyncio.Event()
        self.exit_after = exit_after
        slots = [asyncio.create_task(self.slot()) for _ in range(self.concurrency)]
        try:
            while not self.done.is_set():
                try:
                    await asyncio.wait_for(self.done.wait(), timeout=0.1)
                except asyncio.TimeoutError:
                    pass
                if idle_exit is not None and asyncio.get_event_loop().time() - self.last_activity > idle_exit:
                    break
        finally:
            for slot in slots:
                slot.cancel()
            await asyncio.gather(*slots, return_exceptions=True)

    async def slot(self):
        while True:
            message = await self.pull()
            if message is not None:
                self.last_activity = asyncio.get_event_loop().time()
                await self.process(message)
                self.last_activity = asyncio.get_event_loop().time()

    async def pull(self):
        """Go's old-style request: a fresh inbox per pull, `{"batch":1,"expires":N}`; status replies (404,
        408, 409, 100) are "no item"."""
        inbox = self.nc.new_inbox()
        subscription = await self.nc.subscribe(inbox, max_msgs=1)
        try:
            await self.nc.publish(self.next_subject, f'{{"batch":1,"expires":{self.poll_expires_ns}}}'.encode(),
                                  reply=inbox)
            try:
                message = await subscription.next_msg(timeout=self.poll_expires_ns / 1e9 + 1)
            except (asyncio.TimeoutError, nats.errors.TimeoutError):
                return None
        except nats.errors.Error:
            await asyncio.sleep(0.5)  # poll errors back off (Go: 0.5 s–10 s)
            return None
        finally:
            try:
                await subscription.unsubscribe()
            except nats.errors.Error:
                pass
        if message.headers and message.headers.get("Status"):
            return None
        return message

    async def acknowledge(self, message, body: bytes):
        try:
            await self.nc.request(message.reply, body, timeout=ACK_TIMEOUT)
        except nats.errors.Error as error:
            self.log(event="ack_failed", body=body.decode(), error=str(error))

    async def save(self, task: Task, seq: int) -> int | None:
        try:
            return await save_task(self.nc, task, seq)
        except (TaskUpdateFailed, nats.errors.Error) as error:
            self.log(event="save_failed", id=task["id"], state=task["state"], error=str(error))
            return None

    async def process(self, message):
        """`processMessage`: §5.2's checks in order. The paths Go leaves un-acked come back after AckWait."""
        if not message.data:
            return await self.acknowledge(message, b"+TERM")
        try:
            job = json.loads(message.data).get("job")
        except (ValueError, AttributeError):
            job = None
        if not job:
            return await self.acknowledge(message, b"+TERM")
        try:
            loaded = await last_message(self.nc, TASKS_STREAM, f"CHORIA_AJ.T.{job}")
        except Exception as error:  # a load error other than "not found": left for redelivery
            return self.log(event="load_failed", id=job, error=str(error))
        if loaded is None:
            return await self.acknowledge(message, b"+TERM")
        seq, data = loaded
        task = Task.decode(data)
        now = now_ns()
        if task["state"] == ACTIVE and task["tried"] and now - parse_rfc3339nano(task["tried"]) < self.queue.max_runtime_ns:
            return self.log(event="already_active", id=job)
        if task["state"] in (UNREACHABLE, COMPLETE, EXPIRED):
            return await self.acknowledge(message, b"+ACK")
        if task["deadline"] and now > parse_rfc3339nano(task["deadline"]):
            task["state"] = EXPIRED
            return await self.save(task, seq)
        if task["max_tries"] > 0 and task["tries"] >= task["max_tries"]:
            task["state"] = EXPIRED
            return await self.save(task, seq)
        if task["state"] == BLOCKED and task["dependencies"]:
            ready = await self.check_dependencies(message, task, seq)
            if not ready:
                return
        task["state"] = ACTIVE
        task["tried"] = rfc3339nano(now)
        task["last_err"] = ""
        seq = await self.save(task, seq)
        if seq is None:
            return
        await self.handle(message, task, seq)

    async def check_dependencies(self, message, task: Task, seq: int) -> bool:
        """Every parent `complete` → ready (copying results with `load_dependencies`); a parent missing or in
        a failed state → `unreachable` + TERM; otherwise NAK 5 s (counts against MaxDeliver)."""
        failed, waiting, results = [], False, {}
        for parent in task["dependencies"]:
            loaded = await last_message(self.nc, TASKS_STREAM, f"CHORIA_AJ.T.{parent}")
            if loaded is None:
                failed.append(parent)
                continue
            parent_task = Task.decode(loaded[1])
            if parent_task["state"] == COMPLETE:
                results[parent] = parent_task["result"]
            elif parent_task["state"] in FAILED_DEPENDENCY_STATES:
                failed.append(parent)
            else:
                waiting = True
        if failed:
            task["state"] = UNREACHABLE
            task["last_err"] = f"task dependencies failed: {', '.join(failed)}"
            await self.save(task, seq)
            await self.acknowledge(message, b"+TERM")
            return False
        if waiting:
            await self.acknowledge(message, f'-NAK {{"delay": {DEPENDENCY_POLL_NS}}}'.encode())
            return False
        if task["load_dependencies"]:
            task["dependency_results"] = results
        return True

    async def handle(self, message, task: Task, seq: int):
        task["tries"] = task["tries"] + 1
        self.log(event="handler_start", id=task["id"], tries=task["tries"])
        try:
            result = await asyncio.wait_for(self.handler(task), timeout=self.queue.max_runtime_ns / 1e9)
        except TerminateTask as error:
            task["state"] = TERMINATED
            task["last_err"] = str(error)
            task["tried"] = rfc3339nano(now_ns())
            await self.save(task, seq)
            await self.acknowledge(message, b"+TERM")
            outcome = TERMINATED
        except Exception as error:
            text = "context canceled" if isinstance(error, asyncio.TimeoutError) else str(error)
            task["state"] = EXPIRED if self.queue.max_tries == task["tries"] else RETRY
            task["last_err"] = text
            task["tried"] = rfc3339nano(now_ns())
            await self.save(task, seq)
            delay = self.policy.duration_ns(delivery_count(message.reply))
            await self.acknowledge(message, f'-NAK {{"delay": {delay}}}'.encode())
            outcome = task["state"]
        else:
            task["state"] = COMPLETE
            task["tried"] = rfc3339nano(now_ns())
            task["result"] = task_result(result, now_ns())
            task["last_err"] = ""
            await self.save(task, seq)
            await self.acknowledge(message, b"+ACK")
            outcome = COMPLETE
        self.log(event="handler_end", id=task["id"], tries=task["tries"], outcome=outcome)
        self.handled += 1
        if self.exit_after is not None and self.handled >= self.exit_after:
            self.done.set()

