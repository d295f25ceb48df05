"""Storage asyncjobs' `NewClient` provisions, with the configs jsm.go / nats.go send
(../shared/reference/jetstream-wire.md §3–§4): the tasks stream, one work-queue stream with its durable pull
consumer `WORKERS`, and the two KV buckets. Everything is INFO first and CREATE only when missing, so an
existing stream or consumer (ours or theirs) is bound unchanged, as Go does."""
from dataclasses import dataclass

from jsapi import CONSUMER_NOT_FOUND, STREAM_NOT_FOUND, api, info_or_create

TASKS_STREAM = "CHORIA_AJ_TASKS"
SECOND = 1_000_000_000


def queue_stream(queue: str) -> str:
    return f"CHORIA_AJ_Q_{queue}"


@dataclass
class Queue:
    """asyncjobs' `Queue`, with its creation defaults (§2.1); `DEFAULT` is the implicit queue's settings."""
    name: str
    max_age_ns: int = 0
    max_entries: int = 0
    discard_old: bool = False
    max_tries: int = -1
    max_runtime_ns: int = 3600 * SECOND
    max_concurrent: int = 100

    @classmethod
    def implicit_default(cls):
        return cls("DEFAULT", max_tries=100, max_runtime_ns=60 * SECOND)


def _stream_base(name, description, subjects, retention, max_msgs, max_age, discard, storage, replicas):
    return {"name": name, "description": description, "subjects": subjects, "retention": retention,
            "max_consumers": -1, "max_msgs_per_subject": 1, "max_msgs": max_msgs, "max_bytes": -1,
            "max_age": max_age, "max_msg_size": -1, "storage": storage, "discard": discard,
            "num_replicas": replicas, "sealed": False, "deny_delete": False, "deny_purge": False,
            "allow_rollup_hdrs": False, "allow_direct": False, "mirror_direct": False, "consumer_limits": {}}


def tasks_stream_config(storage="file", replicas=1, retention_ns=0) -> dict:
    return _stream_base(TASKS_STREAM, "Choria Async Jobs Tasks", ["CHORIA_AJ.T.*"], "limits", -1, retention_ns,
                        "old", storage, replicas)


def queue_stream_config(queue: Queue, storage="file", replicas=1) -> dict:
    return _stream_base(queue_stream(queue.name), "Choria Async Jobs Work Queue", [f"CHORIA_AJ.Q.{queue.name}.>"],
                        "workqueue", queue.max_entries if queue.max_entries > 0 else -1, queue.max_age_ns,
                        "old" if queue.discard_old else "new", storage, replicas)


def workers_consumer_request(queue: Queue) -> dict:
    # jsm.go also sends "pause_until":"0001-01-01T00:00:00Z" (a Go zero time); servers ignore it, and 2.9
    # rejects no field of this set.
    return {"stream_name": queue_stream(queue.name),
            "config": {"ack_policy": "explicit", "ack_wait": queue.max_runtime_ns, "deliver_policy": "all",
                       "durable_name": "WORKERS", "name": "WORKERS", "max_ack_pending": queue.max_concurrent,
                       "max_deliver": queue.max_tries, "replay_policy": "instant", "num_replicas": 0},
            "action": ""}


def kv_bucket_config(bucket: str, description: str, ttl_ns: int, storage="file", replicas=1) -> dict:
    """nats.go `CreateKeyValue`'s stream, with `allow_direct` (nats-py's helper would leave it off)."""
    return {"name": f"KV_{bucket}", "description": description, "subjects": [f"$KV.{bucket}.>"],
            "max_msgs_per_subject": 1, "max_bytes": -1, "max_age": ttl_ns, "max_msg_size": -1,
            "storage": storage, "num_replicas": replicas, "allow_rollup_hdrs": True, "deny_delete": True,
            "duplicate_window": min(120 * SECOND, ttl_ns) if ttl_ns else 120 * SECOND, "max_msgs": -1,
            "max_consumers": -1, "allow_direct": True, "discard": "new", "retention": "limits"}


async def provision_storage(nc, storage="file", replicas=1, retention_ns=0):
    """`NewClient` without `NoStorageInit`: the tasks stream and both KV buckets."""
    await info_or_create(nc, f"STREAM.INFO.{TASKS_STREAM}", f"STREAM.CREATE.{TASKS_STREAM}",
                         tasks_stream_config(storage, replicas, retention_ns), STREAM_NOT_FOUND)
    for bucket, description, ttl in (("CHORIA_AJ_CONFIGURATION", "Choria Async Jobs Configuration", 0),
                                     ("CHORIA_AJ_ELECTIONS", "Choria Async Jobs Leader Elections", 10 * SECOND)):
        await info_or_create(nc, f"STREAM.INFO.KV_{bucket}", f"STREAM.CREATE.KV_{bucket}",
                             kv_bucket_config(bucket, description, ttl, storage, replicas), STREAM_NOT_FOUND)


async def provision_queue(nc, queue: Queue, storage="file", replicas=1, create=True) -> Queue:
    """Create or bind the queue's stream and `WORKERS`, then read the queue back from the server as Go does
    (MaxRunTime ← AckWait, MaxConcurrent ← MaxAckPending, MaxTries ← MaxDeliver, …). `create=False` is
    `BindWorkQueue`: a missing stream or consumer is an error."""
    stream = queue_stream(queue.name)
    if create:
        stream_info = await info_or_create(nc, f"STREAM.INFO.{stream}", f"STREAM.CREATE.{stream}",
                                           queue_stream_config(queue, storage, replicas), STREAM_NOT_FOUND)
        consumer_info = await info_or_create(nc, f"CONSUMER.INFO.{stream}.WORKERS",
                                             f"CONSUMER.CREATE.{stream}.WORKERS",
                                             workers_consumer_request(queue), CONSUMER_NOT_FOUND)
    else:
        stream_info = await api(nc, f"STREAM.INFO.{stream}")
        consumer_info = await api(nc, f"CONSUMER.INFO.{stream}.WORKERS")
    config, consumer = stream_info["config"], consumer_info["config"]
    return Queue(name=queue.name, max_age_ns=config.get("max_age", 0), max_entries=max(config.get("max_msgs", -1), 0),
                 discard_old=config.get("discard") == "old", max_tries=consumer.get("max_deliver", -1),
                 max_runtime_ns=consumer.get("ack_wait", 0), max_concurrent=consumer.get("max_ack_pending", 0))
