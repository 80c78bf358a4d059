"""Write files so that a reader (or a killed run) never sees half of one."""
from __future__ import annotations

import errno
import os
import signal
import tempfile
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator, Mapping

from .errors import OutputError


def write_text_atomic(path: str | Path, text: str, *, sync: bool = True) -> Path:
    """Write to a temp file in the same folder, fsync, then rename over the target."""
    return write_texts_atomic({path: text}, sync=sync)[0]


def write_bytes_atomic(path: str | Path, data: bytes, *, sync: bool = True) -> Path:
    """As ``write_text_atomic``, for bytes; ``sync=False`` for a cache that is derived again when
    damaged (a crash may then leave it empty, never half of one)."""
    return write_texts_atomic({path: data}, sync=sync)[0]


def write_texts_atomic(files: Mapping[str | Path, str | bytes], *, sync: bool = True) -> list[Path]:
    """Write several files all or none: each goes to a temp file beside its target (written and
    fsynced) before any is renamed over its target, so a full disk, a read-only folder or a
    signal part-way leaves no output and no temp file behind. ``sync=False`` skips the fsync,
    for files that something else vouches for (a batch's state record holds their hashes): a
    killed process still leaves each whole or absent; only a crash of the OS may not."""
    staged: list[tuple[str, Path]] = []
    try:
        for path, content in files.items():
            staged.append((_stage(Path(path), content, sync), Path(path)))
        with _signals_held():  # a signal between two renames would leave some written, some not
            while staged:
                tmp, path = staged[0]
                try:
                    os.replace(tmp, path)
                except OSError as exc:
                    raise _output_error(path, exc) from exc
                staged.pop(0)
    except BaseException:
        for tmp, _ in staged:
            _remove(tmp)
        raise
    return [Path(p) for p in files]


def _stage(path: Path, content: str | bytes, sync: bool) -> str:
    try:
        if not path.parent.is_dir():  # a stat, where mkdir(exist_ok=True) costs a failed mkdir and a stat
            path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = _create_temp(path)
    except OSError as exc:
        raise OutputError(f"cannot write to {path.parent}: {exc.strerror}",
                          hint="choose a writable output folder with -o") from exc
    try:
        if isinstance(content, str):
            handle = os.fdopen(fd, "w", encoding="utf-8", newline="\n")
        else:
            handle = os.fdopen(fd, "wb")
        with handle:
            handle.write(content)
            if sync:
                handle.flush()
                os.fsync(handle.fileno())
    except BaseException as exc:
        _remove(tmp)
        if isinstance(exc, OSError):
            raise _output_error(path, exc) from exc
        raise
    return tmp


def _create_temp(path: Path) -> tuple[int, str]:
    """A new ``.NAME.XXXXXXXX.tmp`` beside ``path``, with the permissions the umask gives any new
    file (``tempfile.mkstemp`` makes it 0600, and the rename would carry that to the brief, which
    then nobody else could read: a web server, a colleague)."""
    for _ in range(100):
        tmp = str(path.parent / f".{path.name}.{os.urandom(4).hex()}.tmp")
        try:
            return os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666), tmp
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no free temp file name", str(path.parent))


def _output_error(path: Path, exc: OSError) -> OutputError:
    what = "the disk is full" if exc.errno == errno.ENOSPC else exc.strerror
    return OutputError(f"cannot write {path}: {what}", hint="free space or choose another folder with -o")


def _remove(tmp: str) -> None:
    try:
        os.unlink(tmp)
    except OSError:
        pass


@contextmanager
def _signals_held() -> Iterator[None]:
    """SIGINT and SIGTERM wait until the block has run, then reach their handlers (which Python
    runs in the main thread: another thread's block is never interrupted, and holds nothing)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []
    held = [s for s in (signal.SIGINT, signal.SIGTERM) if signal.getsignal(s) is not None]
    try:
        with signal_handlers({s: lambda signum, frame: caught.append(signum) for s in held}):
            yield
    finally:
        for s in caught:
            signal.raise_signal(s)


@contextmanager
def signal_handlers(handlers: Mapping[int, Any]) -> Iterator[None]:
    """``handlers`` (signal -> handler) for the block, the previous ones after it. Only the main
    thread may set them; Python runs handlers there, so nothing interrupts another thread's block."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {s: signal.signal(s, handler) for s, handler in handlers.items()}
    try:
        yield
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler if handler is not None else signal.SIG_DFL)


def read_stamp(folder: Path, name: str):
    """The JSON stamp a ``build_folder`` left in ``folder``, or None when absent or unreadable."""
    import json

    try:
        return json.loads((folder / name).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def build_folder(folder: Path, build, stamp, name: str) -> None:
    """Build a folder (a model, a conversion) in a temp folder beside it, stamp it, then rename it
    into place: a killed build leaves no half folder, and a copy another process finished
    meanwhile is kept."""
    import json
    import shutil

    folder.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", dir=folder.parent))
    try:
        build(work / "model")
        (work / "model" / name).write_text(json.dumps(stamp), encoding="utf-8")
        if read_stamp(folder, name) == stamp:  # another process built it meanwhile
            return
        if folder.exists():  # stale: move it aside first (a rename onto a full folder fails)
            os.replace(folder, work / "stale")
        try:
            os.replace(work / "model", folder)
        except OSError:  # another process got there first: use its copy
            if not (folder / name).is_file():
                raise
    finally:
        shutil.rmtree(work, ignore_errors=True)
