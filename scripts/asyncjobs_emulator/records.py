"""The records Go asyncjobs writes: the task (struct `Task`), the work item, and the `task_state` event.

Each builder returns a `GoStruct` whose key order is the Go struct's field order, leaving out the
`omitempty` fields that are empty, so `gojson.marshal` gives Go's bytes.
"""
import base64
import time

from gojson import GoStruct, ksuid, ksuid_seconds, marshal, parse_rfc3339nano, rfc3339nano

TASK_STATE_EVENT = "io.choria.asyncjobs.v1.task_state"

# asyncjobs' TaskState wire values (note `complete`, not `completed`).
NEW, ACTIVE, RETRY, EXPIRED, TERMINATED, COMPLETE = "new", "active", "retry", "expired", "terminated", "complete"
QUEUE_ERROR, BLOCKED, UNREACHABLE = "queue_error", "blocked", "unreachable"


def now_ns() -> int:
    return time.time_ns()


class Task:
    """A task as the Go library holds it in memory; `record()` is what it stores."""

    FIELDS = ("id", "type", "queue", "dependencies", "dependency_results", "load_dependencies", "payload",
              "deadline", "max_tries", "result", "state", "created", "tried", "tries", "last_err", "signature")

    def __init__(self, fields: dict):
        unknown = set(fields) - set(self.FIELDS)
        if unknown:
            raise ValueError(f"unknown task fields: {sorted(unknown)}")
        self.fields = dict(fields)

    @classmethod
    def new(cls, task_type: str, payload_bytes: bytes | None, *, task_id: str | None = None, max_tries: int = 10,
            deadline_ns: int | None = None, dependencies: list[str] | None = None, created_ns: int | None = None):
        """`asyncjobs.NewTask`: a KSUID, `created` now, `max_tries` 10, state `new` (`blocked` with dependencies)."""
        fields = {
            "id": task_id or ksuid(),
            "type": task_type,
            "queue": "",
            "payload": None if payload_bytes is None else base64.b64encode(payload_bytes).decode(),
            "max_tries": max_tries,
            "state": BLOCKED if dependencies else NEW,
            "created": rfc3339nano(created_ns or now_ns()),
            "tries": 0,
        }
        if dependencies:
            fields["dependencies"] = list(dict.fromkeys(dependencies))
        if deadline_ns is not None:
            fields["deadline"] = rfc3339nano(deadline_ns)
        return cls(fields)

    @classmethod
    def decode(cls, data: bytes):
        import json
        return cls(json.loads(data))

    # Go's `Task` fields without `omitempty`: always written (a nil payload as `null`).
    ALWAYS = ("id", "type", "queue", "payload", "max_tries", "state", "created", "tries")

    def __getitem__(self, key):
        return self.fields.get(key)

    def __setitem__(self, key, value):
        if key not in self.FIELDS:
            raise KeyError(key)
        self.fields[key] = value

    def record(self) -> GoStruct:
        """The struct as marshalled: field order, empty `omitempty` fields left out."""
        out = GoStruct()
        for key in self.FIELDS:
            value = self.fields.get(key)
            if key in self.ALWAYS or value not in (None, "", [], {}, False):
                out[key] = value
        return out

    def encode(self) -> bytes:
        return marshal(self.record())

    @property
    def payload_bytes(self) -> bytes | None:
        payload = self.fields.get("payload")
        return None if payload is None else base64.b64decode(payload)

    def age_ns(self, at_ns: int) -> int:
        return at_ns - parse_rfc3339nano(self.fields["created"])


def task_result(payload, completed_ns: int) -> GoStruct:
    """`TaskResult{Payload any, CreatedAt time.Time}`: `{"payload":…,"completed":…}`."""
    return GoStruct(payload=payload, completed=rfc3339nano(completed_ns))


def work_item(task_id: str) -> bytes:
    """`ProcessItem{Kind: TaskItem, JobID: id}`: the body published to `CHORIA_AJ.Q.<queue>.<id>`."""
    return marshal(GoStruct(kind=0, job=task_id))


def task_state_event(task: Task, at_ns: int, event_id: str | None = None) -> bytes:
    """`TaskStateChangeEvent`: BaseEvent (event_id, type, timestamp at the KSUID's second) then the task's
    id, state, tries, queue (omitempty), task_type, last_error (omitempty) and task_age in ns (omitempty)."""
    event_id = event_id or ksuid(at_ns / 1e9)
    event = GoStruct(event_id=event_id, type=TASK_STATE_EVENT,
                     timestamp=rfc3339nano(ksuid_seconds(event_id) * 1_000_000_000),
                     task_id=task["id"], state=task["state"], tries=task["tries"])
    if task["queue"]:
        event["queue"] = task["queue"]
    event["task_type"] = task["type"]
    if task["last_err"]:
        event["last_error"] = task["last_err"]
    age = task.age_ns(at_ns)
    if age:
        event["task_age"] = age
    return marshal(event)
