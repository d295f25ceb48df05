"""Raw JetStream API requests over nats-py's core client (no nats-py JetStream helpers, so every byte on the
wire is the one written here, as jsm.go / nats.go would send it)."""
import base64
import json

import nats

API_TIMEOUT = 5.0  # jsm.go's default
ACK_TIMEOUT = 2.0  # asyncjobs' NAK/WPI requests


class APIError(Exception):
    def __init__(self, code: int, err_code: int, description: str):
        super().__init__(f"{description} (code {code}, err_code {err_code})")
        self.code, self.err_code, self.description = code, err_code, description


STREAM_NOT_FOUND, CONSUMER_NOT_FOUND, NO_MESSAGE_FOUND, WRONG_LAST_SEQUENCE = 10059, 10014, 10037, 10071


async def api(nc, endpoint: str, body=None) -> dict:
    """`$JS.API.<endpoint>` with a JSON body; raises `APIError` on the server's error envelope."""
    payload = b"" if body is None else json.dumps(body, separators=(",", ":")).encode()
    reply = await nc.request(f"$JS.API.{endpoint}", payload, timeout=API_TIMEOUT)
    answer = json.loads(reply.data)
    if "error" in answer:
        error = answer["error"]
        raise APIError(error.get("code", 0), error.get("err_code", 0), error.get("description", ""))
    return answer


async def publish(nc, subject: str, data: bytes, headers: dict | None = None) -> dict:
    """A publish as a request, answered with the PubAck; raises `APIError` for a refused write and
    `nats.errors.NoRespondersError` when no stream captures the subject."""
    reply = await nc.request(subject, data, timeout=API_TIMEOUT, headers=headers)
    answer = json.loads(reply.data)
    if "error" in answer:
        error = answer["error"]
        raise APIError(error.get("code", 0), error.get("err_code", 0), error.get("description", ""))
    return answer


async def last_message(nc, stream: str, subject: str) -> tuple[int, bytes] | None:
    """jsm.go `ReadLastMessageForSubject`: STREAM.MSG.GET last_by_subj → (sequence, data), None when absent."""
    try:
        answer = await api(nc, f"STREAM.MSG.GET.{stream}", {"last_by_subj": subject})
    except APIError as error:
        if error.err_code == NO_MESSAGE_FOUND:
            return None
        raise
    message = answer["message"]
    return message["seq"], base64.b64decode(message.get("data", ""))


async def info_or_create(nc, info_endpoint: str, create_endpoint: str, body: dict, missing: int) -> dict:
    """jsm.go `LoadOrNew…`: INFO, and CREATE only on "not found"; an existing one is used unchanged."""
    try:
        return await api(nc, info_endpoint)
    except APIError as error:
        if error.err_code != missing:
            raise
    return await api(nc, create_endpoint, body)


async def connect(url: str, name: str):
    return await nats.connect(servers=url.split(","), name=name, max_reconnect_attempts=-1, reconnect_time_wait=0.2,
                              allow_reconnect=True)
