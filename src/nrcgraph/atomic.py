"""Writing files so that nothing is lost, and locks so that two writers never collide.

``atomic_write`` writes beside the target, syncs, then renames over it in one step: a
reader sees the old file or the new one, never half of one. It writes through symlinks
(the link stays, its target changes), keeps the file's permissions, and a temporary file
left by a killed process is removed by the next write to the same file.
"""

from __future__ import annotations

import errno
import io
import os
import stat
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from .errors import NrcgraphError

TYPE_CHECKING = False  # not typing's: importing typing costs a cold saved query ~3 ms
if TYPE_CHECKING:
    from typing import BinaryIO, TextIO

_TMP_MARK = ".nrcgraph-tmp-"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _clean_stale(target: Path) -> None:
    """Remove temporary files of earlier writes to ``target`` whose process is gone."""
    prefix = f".{target.name}{_TMP_MARK}"
    try:
        siblings = list(target.parent.iterdir())
    except OSError:
        return
    for path in siblings:
        if path.name.startswith(prefix):
            pid = path.name[len(prefix) :].split(".", 1)[0]
            if not pid.isdigit() or not _alive(int(pid)):
                path.unlink(missing_ok=True)


def atomic_write(path: str | Path, data: bytes | Callable[[BinaryIO], None], mode: int | None = None) -> Path:
    """Replace ``path`` with ``data`` (bytes, or a function that writes to a binary file).

    The folder must exist (a missing one is a clear error, not a traceback). Returns the
    path actually written (a symlink's target).
    """
    link = Path(path)
    target = Path(os.path.realpath(link))
    if not target.parent.is_dir():
        raise NrcgraphError(f"{link}: the folder {link.parent} does not exist")
    if target.is_dir():
        raise NrcgraphError(f"{link} is a folder: name a file")
    _clean_stale(target)
    try:
        keep = stat.S_IMODE(target.stat().st_mode)
    except FileNotFoundError:
        keep = mode if mode is not None else 0o666 & ~_umask()
    tmp = target.with_name(f".{target.name}{_TMP_MARK}{os.getpid()}")
    try:
        with open(tmp, "wb") as out:
            if isinstance(data, bytes):
                out.write(data)
            else:
                data(out)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(tmp, keep)
        os.replace(tmp, target)
    except OSError as exc:
        raise NrcgraphError(f"{link}: cannot write: {exc.strerror or exc}") from None
    finally:
        tmp.unlink(missing_ok=True)
    return target


def atomic_write_text(path: str | Path, write: Callable[[TextIO], object]) -> Path:
    """``atomic_write`` for a function that writes text (UTF-8, newlines as written)."""

    def binary(fh: BinaryIO) -> None:
        text = io.TextIOWrapper(fh, encoding="utf-8", newline="")
        write(text)
        text.flush()
        text.detach()

    return atomic_write(path, binary)


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


class Unwritable(NrcgraphError):
    """A lock (and so what it guards) is in a folder this process cannot write: a read-only
    file system, or another user's files. Readers go on without writing; writers stop here."""


class Lock:
    """An advisory lock on a file (fcntl), released when the process ends however it ends.

    ``shared=True`` for readers (many at once), exclusive for writers. The holder's pid
    and command are written in the file so the message can say who holds it. A reader
    takes its lock on the file opened for reading when it cannot open it for writing (a
    read-only folder); ``Unwritable`` when even that cannot be done, or for a writer.
    """

    def __init__(self, path: str | Path, what: str = "the workspace"):
        self.path = Path(path)
        self.what = what
        self._fh: int | None = None

    def acquire(self, shared: bool = False, wait: float = 0.0) -> bool:
        """Take the lock; False when another process holds it (after ``wait`` seconds)."""
        import fcntl
        import time

        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            if exc.errno not in (errno.EROFS, errno.EACCES, errno.EPERM, errno.ENOENT):
                raise
            try:
                if not shared:
                    raise
                fd = os.open(self.path, os.O_RDONLY)  # a shared lock needs no writing
            except OSError:
                raise Unwritable(
                    f"cannot write to {self.what}: {self.path.parent} is read-only here ({(exc.strerror or str(exc)).lower()})"
                ) from None
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(fd, (fcntl.LOCK_SH if shared else fcntl.LOCK_EX) | fcntl.LOCK_NB)
                break
            except OSError as exc:
                if exc.errno not in (errno.EAGAIN, errno.EACCES) or time.monotonic() >= deadline:
                    os.close(fd)
                    return False
                time.sleep(0.05)
        if not shared:
            import sys

            os.ftruncate(fd, 0)
            os.write(fd, f"{os.getpid()} {' '.join(sys.argv[:2])}".encode())
        self._fh = fd
        return True

    def holder(self) -> str:
        try:
            text = self.path.read_text(encoding="utf-8", errors="replace").strip()
        except OSError:
            return "another nrcgraph"
        pid, _, command = text.partition(" ")
        return (
            f"another nrcgraph (pid {pid}{', ' + Path(command.split()[0]).name + ' ' + ' '.join(command.split()[1:]) if command else ''})"
            if pid.isdigit()
            else "another nrcgraph"
        )

    def require(self, shared: bool = False, wait: float = 2.0) -> Lock:
        if not self.acquire(shared, wait):
            raise NrcgraphError(f"{self.what} is in use by {self.holder()}; try again when it has finished")
        return self

    def release(self) -> None:
        if self._fh is not None:
            import fcntl

            fcntl.flock(self._fh, fcntl.LOCK_UN)
            os.close(self._fh)
            self._fh = None

    def __enter__(self) -> Lock:
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None) -> None:
        self.release()
