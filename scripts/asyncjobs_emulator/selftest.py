"""Checks, without a server, that the emulator writes the records of
../shared/reference/asyncjobs.md's Appendix (written by the real Go library) byte for byte: the two task saves
and the work item, subjects and headers included, each built through the path the producer and worker use."""
import os

from gojson import marshal, parse_rfc3339nano
from producer import task_write, work_item_write
from records import COMPLETE, RETRY, Task, task_result

GOLDEN = os.path.join(os.path.dirname(os.path.abspath(__file__)), "golden-records.txt")


def render(write) -> str:
    subject, headers, body = write
    header_text = "".join(f"[{name}: {value}]" for name, value in (headers or {}).items())
    return f"{subject}  {header_text}\n{body.decode()}"


def email_task(task_id: str, task_type: str, to: str, created: str) -> Task:
    # The Go test program enqueued a map[string]string payload, which Go marshals with sorted keys.
    payload = marshal({"to": to, "subject": "hello", "body": "test"})
    task = Task.new(task_type, payload, task_id=task_id, created_ns=parse_rfc3339nano(created))
    task["queue"] = "EMAIL"
    return task


def build_records() -> list[str]:
    done = email_task("3MrTVGwtyjpdlKSb2Rnvdud4YIg", "email:new", "user0@example.net", "2026-12-01T06:48:28.336825441Z")
    done["state"], done["tries"], done["last_err"] = COMPLETE, 1, ""
    done["tried"] = "2026-12-01T06:48:28.338491117Z"
    done["result"] = task_result("sent", parse_rfc3339nano("2026-12-01T06:48:28.338491177Z"))

    failed = email_task("3MrTVF5QTSKoSCcRK3UczoY4bMQ", "email:fail", "user2@example.net", "2026-12-01T06:48:28.337486087Z")
    failed["state"], failed["tries"], failed["last_err"] = RETRY, 1, "simulated failure"
    failed["tried"] = "2026-12-01T06:48:28.339548965Z"

    return [render(task_write(done, 4)), render(task_write(failed, 8)), render(work_item_write(failed, "EMAIL", False))]


def run() -> int:
    with open(GOLDEN, encoding="utf-8") as file:
        golden = [block.strip("\n") for block in file.read().split("\n\n")]
    built = build_records()
    failures = [(want, got) for want, got in zip(golden, built) if want != got]
    if len(golden) != len(built):
        failures.append((f"{len(golden)} golden records", f"{len(built)} built"))
    for want, got in failures:
        print(f"MISMATCH\n  golden: {want}\n  built:  {got}")
    print(f"selftest: {len(golden) - len(failures)}/{len(golden)} golden records byte for byte")
    return 1 if failures else 0
