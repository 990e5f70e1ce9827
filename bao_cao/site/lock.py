"""One build at a time in a book's folder.

Two builds in one folder write the same execution cache, doctrees and staging folder, and
each then reports the other's half-written files as its own errors. The build holds an
advisory lock (flock) on _build/build.lock for its whole run; the file says who holds it
(process id, start time), so a second build says at once that one is running and exits.
The kernel releases a flock when its process ends, however it ends: a lock left by a
killed build is no lock, and the next build says it is taking over from it.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

LOCK = Path("_build") / "build.lock"


class BuildRunning(RuntimeError):
    """Another build holds the folder's lock; the message says which and since when."""


def _holder(text: str) -> str:
    try:
        holder = json.loads(text)
        return f"process {holder['pid']}, started {holder['started']}"
    except (ValueError, KeyError, TypeError):
        return "a process that left no details"


@contextmanager
def build_lock(source: Path, notes: list[str] | None = None) -> Iterator[None]:
    """Hold the build lock of `source` until the block ends; BuildRunning if another
    build holds it. A note for a stale lock (from a build that was killed) goes to `notes`."""
    path = source / LOCK
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = path.open("a+", encoding="utf-8")
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            raise BuildRunning(
                f"another build of this book is running ({_holder(handle.read())}); "
                "wait for it to finish, then build again. Nothing was changed."
            ) from None
        handle.seek(0)
        left = handle.read()
        if left.strip() and notes is not None:
            notes.append(
                f"note: the last build ({_holder(left)}) was stopped before it finished; "
                "its half-made files are not used"
            )
        handle.seek(0)
        handle.truncate()
        started = dt.datetime.now().astimezone().isoformat(timespec="seconds")
        handle.write(json.dumps({"pid": os.getpid(), "started": started}))
        handle.flush()
        try:
            yield
        finally:
            # An empty lock file is a build that ended; the flock itself ends with the file.
            handle.seek(0)
            handle.truncate()
            handle.flush()
    finally:
        handle.close()
