"""Go's encoding/json, RFC3339Nano and KSUIDs, as the Go asyncjobs library produces them.

The emulator must write the bytes Go writes (../shared/reference/asyncjobs.md, Appendix): struct fields in
declaration order (the caller builds an ordered dict), `omitempty` (the caller leaves keys out), maps with
sorted keys, `<` `>` `&` U+2028 U+2029 escaped as `\\u003c`…, non-ASCII left as UTF-8, and times in
RFC3339Nano with trailing fractional zeros trimmed.
"""
import calendar
import json
import os
import time

_GO_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def _sorted_maps(value):
    """Go marshals a map[string]any with sorted keys and a struct in field order; callers pass structs as
    `GoStruct` (ordered) and everything else is a map."""
    if isinstance(value, GoStruct):
        return {key: _sorted_maps(item) for key, item in value.items()}
    if isinstance(value, dict):
        return {key: _sorted_maps(value[key]) for key in sorted(value)}
    if isinstance(value, list):
        return [_sorted_maps(item) for item in value]
    return value


class GoStruct(dict):
    """A Go struct value: its keys keep the order they were inserted in, as Go's fields do."""


def marshal(value) -> bytes:
    """`json.Marshal(value)` byte for byte (HTML-safe escaping, compact)."""
    text = json.dumps(_sorted_maps(value), ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    for char, escape in _GO_ESCAPES.items():
        text = text.replace(char, escape)
    return text.encode("utf-8")


def rfc3339nano(unix_ns: int) -> str:
    """Go's `time.RFC3339Nano` of a UTC time: `2026-12-01T06:48:28.3384911Z`, no fraction when it is zero."""
    seconds, nanos = divmod(unix_ns, 1_000_000_000)
    text = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(seconds))
    fraction = f"{nanos:09d}".rstrip("0")
    return f"{text}.{fraction}Z" if fraction else f"{text}Z"


def parse_rfc3339nano(text: str) -> int:
    """Unix nanoseconds of an RFC3339 UTC time as Go writes it (`Z`, 0–9 fractional digits)."""
    if not text.endswith("Z"):
        raise ValueError(f"not a UTC RFC3339 time: {text!r}")
    whole, _, fraction = text[:-1].partition(".")
    seconds = calendar.timegm(time.strptime(whole, "%Y-%m-%dT%H:%M:%S"))
    return seconds * 1_000_000_000 + int((fraction or "0").ljust(9, "0")[:9])


_BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
_KSUID_EPOCH = 1_400_000_000


def ksuid(unix_seconds: float | None = None) -> str:
    """A random KSUID (segmentio/ksuid): 4 bytes of seconds since 2014-05-13 and 16 random bytes, 27 base62
    characters, so IDs sort by creation second as asyncjobs' do."""
    stamp = int(time.time() if unix_seconds is None else unix_seconds) - _KSUID_EPOCH
    number = int.from_bytes(stamp.to_bytes(4, "big") + os.urandom(16), "big")
    digits = []
    while number:
        number, digit = divmod(number, 62)
        digits.append(_BASE62[digit])
    return "".join(reversed(digits)).rjust(27, "0")


def ksuid_seconds(identifier: str) -> int:
    """Unix seconds encoded in a KSUID (asyncjobs' event `timestamp` is this, at second precision)."""
    number = 0
    for char in identifier:
        number = number * 62 + _BASE62.index(char)
    return (number >> 128) + _KSUID_EPOCH
