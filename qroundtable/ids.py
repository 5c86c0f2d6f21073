"""Row ids: UUIDv7 text, so copies made on different laptops never collide."""

import os
import threading
import time
import uuid

_lock = threading.Lock()
_last_ms = 0
_counter = 0


def new_id() -> str:
    """A UUIDv7 (RFC 9562): 48-bit Unix milliseconds, then a counter and random bits.

    Ids made in the same millisecond keep their creation order through a 12-bit
    counter, so sorting by id sorts by creation even within a burst of inserts.
    """
    with _lock:
        ms, counter = _stamp(time.time_ns() // 1_000_000)
    return _format(ms, counter, int.from_bytes(os.urandom(8), "big"))


def new_ids(n: int) -> list[str]:
    """`n` ids in creation order at once: one lock and one read of randomness for a bulk write.

    The same ids `_format` makes, written from hex text rather than one large number each (an
    import makes tens of thousands): the random part's first digit carries the variant bits.
    """
    now = time.time_ns() // 1_000_000
    with _lock:
        stamps = [_stamp(now) for _ in range(n)]
    rand = os.urandom(8 * n).hex()
    ids = []
    head_ms, head = None, ""
    for i, (ms, counter) in enumerate(stamps):
        if ms != head_ms:
            h = f"{ms & _MS:012x}"
            head_ms, head = ms, f"{h[:8]}-{h[8:]}-7"
        r = rand[16 * i:16 * i + 16]
        ids.append(f"{head}{counter:03x}-{_VARIANT[r[0]]}{r[1:4]}-{r[4:]}")
    return ids


_MS = (1 << 48) - 1
# The random part's first hex digit, its top two bits replaced by the RFC 4122 variant (0b10).
_VARIANT = {d: "89ab"[int(d, 16) & 3] for d in "0123456789abcdef"}


def _stamp(ms: int) -> tuple[int, int]:
    """(millisecond, counter) of the next id; the caller holds the lock."""
    global _last_ms, _counter
    if ms <= _last_ms:
        _counter += 1
        if _counter > 0xFFF:  # counter spent: borrow the next millisecond
            _last_ms += 1
            _counter = 0
        ms = _last_ms
    else:
        _last_ms = ms
        _counter = 0
    return ms, _counter


def _format(ms: int, counter: int, rand: int) -> str:
    value = (ms & ((1 << 48) - 1)) << 80
    value |= 0x7 << 76  # version 7
    value |= counter << 64
    value |= 0b10 << 62  # RFC 4122 variant
    value |= rand & ((1 << 62) - 1)
    h = f"{value:032x}"  # the canonical 8-4-4-4-12 form, as str(uuid.UUID) writes it
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


# Rows that stand for a pair (a delegation's co-sponsorship of one amendment) get their id from the pair, so two
# copies that each create the pair's row create the same row: a snapshot then never brings a second one.
_PAIR_NAMESPACE = uuid.UUID("6f1d2c9e-4b7a-5e3f-9a1c-2d8e7b6a5f40")


def pair_id(*parts: str) -> str:
    """The one id of the row for these ids together (a UUIDv5, in the canonical lower-case form)."""
    return str(uuid.uuid5(_PAIR_NAMESPACE, ":".join(parts)))
