"""asyncjobs' `Client.EnqueueTask` (§5.8) and the task save every path goes through (§7.3)."""
import nats

from jsapi import APIError, publish
from records import BLOCKED, NEW, QUEUE_ERROR, RETRY, Task, now_ns, task_state_event, work_item

DUPLICATE_ITEM = "duplicate work queue item"


class TaskUpdateFailed(Exception):
    """The CAS write was refused (another writer moved the record): Go's `ErrTaskUpdateFailed`."""


def task_write(task: Task, expected_seq: int) -> tuple[str, dict, bytes]:
    """The subject, headers and body of a task save (§7.3): no `Nats-Msg-Id`, always the CAS header."""
    return (f"CHORIA_AJ.T.{task['id']}", {"Nats-Expected-Last-Subject-Sequence": str(expected_seq)},
            task.encode())


def work_item_write(task: Task, queue: str, retry: bool) -> tuple[str, dict | None, bytes]:
    """The subject, headers and body of a work item: `Nats-Msg-Id: <id>` except for a manual retry, so the
    duplicate window does not swallow it."""
    return (f"CHORIA_AJ.Q.{queue}.{task['id']}", None if retry else {"Nats-Msg-Id": task["id"]},
            work_item(task["id"]))


async def save_task(nc, task: Task, expected_seq: int) -> int:
    """Write the record with `Nats-Expected-Last-Subject-Sequence` and publish its `task_state` event (core
    NATS, fire and forget); returns the new sequence for the next write."""
    subject, headers, body = task_write(task, expected_seq)
    try:
        ack = await publish(nc, subject, body, headers=headers)
    except APIError as error:
        raise TaskUpdateFailed(str(error)) from error
    await nc.publish(f"CHORIA_AJ.E.task_state.{task['id']}", task_state_event(task, now_ns()))
    return ack["seq"]


async def enqueue(nc, task: Task, queue: str, *, expected_seq: int = 0, retry: bool = False) -> int:
    """Set the queue, save with expected sequence 0 (a new task; the stored one for a retry), then publish the
    work item, with `Nats-Msg-Id: <id>` unless it is a retry. A refused, failed or duplicate item re-saves
    the task `queue_error`. Returns the record's sequence."""
    if task["state"] not in (NEW, RETRY, BLOCKED):
        raise ValueError(f"cannot enqueue a task in state {task['state']!r}")
    task["queue"] = queue
    seq = await save_task(nc, task, expected_seq)
    subject, headers, body = work_item_write(task, queue, retry)
    failure = None
    try:
        ack = await publish(nc, subject, body, headers=headers)
        if ack.get("duplicate"):
            failure = DUPLICATE_ITEM
    except nats.errors.NoRespondersError:
        failure = "queue not found"
    except (APIError, nats.errors.Error) as error:
        failure = str(error)
    if failure:
        task["state"] = QUEUE_ERROR
        task["last_err"] = failure
        seq = await save_task(nc, task, seq)
    return seq
