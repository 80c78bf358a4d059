"""What a batch leaves in OUT: the briefs, one state record per input, and the index.

An input's record is a line of ``OUT/.zonesum/records.jsonl``, appended after its three files
are written, and it holds their hashes, so "the record says ok, and the files still hash the
same" proves a brief is complete. Every brief goes through ``write_texts_atomic``: a run killed
at any moment leaves each file either whole or absent (and at most the journal's last line
torn, which the next run drops), and the next run redoes whatever has no valid record.

One journal rather than a file per input: creating a file is what costs, not writing to one
(0.1-1 ms of kernel time on an ext4 without a journal, where a new file's inode is searched for
past the recently deleted ones; a round trip on a network share), and a batch already makes
three per page. Briefs and records are not fsynced one by one (a quarter of the driver's
time per page): after a crash of the OS, a brief may be empty or old, or its record lost, and
its page is then redone. The index and facts.csv, written once in a while, are fsynced.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import threading
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from types import SimpleNamespace
from typing import Literal, Optional
from urllib.parse import quote

from ..atomic import write_text_atomic, write_texts_atomic
from ..errors import OutputError
from ..writers import FORMATS
from ..writers.html import CSP, template
from .inputs import BatchUsageError, is_inside
from .server import STATE_DIR  # where the CLI can read it before the pipeline loads
from .worker import PageOutcome, PageTask

RECORD_VERSION = 1
JOURNAL = "records.jsonl"  # in OUT/.zonesum/
WRITE_ORDER = ("md", "html", "json")  # the JSON last: its presence means the others were written
_TEMP_FILE = re.compile(r"^\..+\.[a-z0-9_]{8}\.tmp$")  # what write_text_atomic leaves if killed

Status = Literal["ok", "failed", "skipped", "pending"]


@dataclass
class IndexEntry:
    """One row of ``index.json``."""

    input: str
    status: Status
    config_signature: str
    sha256: Optional[str] = None
    error: Optional[str] = None
    outputs: list[str] = field(default_factory=list)  # relative to OUT
    zones: int = 0
    zone_names: list[str] = field(default_factory=list)
    warnings: int = 0
    seconds: float = 0.0

    def to_dict(self) -> dict:
        # as dataclasses.asdict, whose deep copy of every field cost a fifth of each index write
        return {**self.__dict__, "outputs": list(self.outputs), "zone_names": list(self.zone_names)}


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def file_sha256(path: str | Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def legacy_record_path(out: Path, stem: str) -> Path:
    """Where zonesum before the journal kept an input's record (still read, never written)."""
    key = hashlib.sha256(stem.encode("utf-8")).hexdigest()[:24]
    return out / STATE_DIR / "state" / f"{key}.json"


def _valid(record: object, stem: Optional[str] = None) -> bool:
    return isinstance(record, dict) and record.get("version") == RECORD_VERSION \
        and isinstance(record.get("stem"), str) and (stem is None or record["stem"] == stem)


class Records:
    """The inputs' state records: ``OUT/.zonesum/records.jsonl``, one JSON line per finished
    input, appended as pages are committed; a stem's last line wins. Open for one run, under
    the OUT lock; ``append`` may be called from the writer threads."""

    def __init__(self, out: Path):
        self.out = out
        self.path = out / STATE_DIR / JOURNAL
        self._records: dict[str, dict] = {}
        self._legacy = False  # a folder of per-input records, from a zonesum before the journal
        self._lock = threading.Lock()
        self._fd: Optional[int] = None

    def __enter__(self) -> "Records":
        try:
            data = self.path.read_bytes()
        except FileNotFoundError:
            data = b""
        except OSError as exc:
            raise OutputError(f"{self.path}: cannot be read ({exc.strerror or exc})",
                              hint="check its permissions, or choose another -o") from exc
        lines = data.splitlines()
        for line in lines:
            try:
                record = json.loads(line)
            except ValueError:  # the torn last line of a killed run: its page is redone
                continue
            if _valid(record):
                self._records[record["stem"]] = record
        # Rewritten whole when a killed run left a torn line (the next append would join it) or
        # when most lines are superseded (a folder re-run many times), so the file stays small.
        if lines and (not data.endswith(b"\n") or len(lines) > 2 * len(self._records)):
            write_text_atomic(self.path, "".join(map(_line, self._records.values())))
        self._legacy = legacy_record_path(self.out, "").parent.is_dir()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o666)  # not inherited (PEP 446)
        except OSError as exc:
            raise OutputError(f"{self.path}: cannot be written ({exc.strerror or exc})",
                              hint="check its permissions, or choose another -o") from exc
        return self

    def __exit__(self, *exc) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None

    def get(self, stem: str) -> Optional[dict]:
        """The stem's record as this run found it: the journal's, else one a zonesum before the
        journal left (what this run appends is written, not kept: a run commits a page once)."""
        record = self._records.get(stem)
        if record is None:
            if not self._legacy:  # asked once per run, not once per input
                return None
            try:
                record = json.loads(legacy_record_path(self.out, stem).read_text(encoding="utf-8"))
            except (OSError, ValueError):
                return None
        return record if _valid(record, stem) else None

    def append(self, record: dict) -> None:
        data = _line(record).encode("utf-8")
        with self._lock:
            try:
                while data:  # one write() for any line that fits the disk; a short one goes on
                    data = data[os.write(self._fd, data):]
            except OSError as exc:
                raise OutputError(f"{self.path}: cannot be written ({exc.strerror or exc})",
                                  hint="free some space, or choose another -o") from exc


def _line(record: dict) -> str:
    return json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n"


def finished(records: Records, stem: str, sha256: str, signature: str) -> Optional[dict]:
    """The record of a complete, current brief of this content under this config, else None."""
    record = records.get(stem)
    if not record or record.get("status") != "ok" or record.get("sha256") != sha256 \
            or record.get("config_signature") != signature:
        return None
    files = record.get("files") or {}
    for rel, expected in files.items():
        try:
            if file_sha256(records.out / rel) != expected:
                return None
        except OSError:
            return None
    return record if files else None


def entry_from_record(path: str, record: dict) -> IndexEntry:
    """The index row of an input whose finished outputs are up to date (skipped this run)."""
    return IndexEntry(input=path, status="skipped", config_signature=record["config_signature"],
                      sha256=record["sha256"], outputs=list(record["outputs"]), zones=len(record["zone_names"]),
                      zone_names=list(record["zone_names"]), warnings=record.get("warnings", 0),
                      seconds=record.get("seconds", 0.0))


def commit(records: Records, task: PageTask, outcome: PageOutcome, signature: str) -> IndexEntry:
    """Write a page's briefs (or clear its stale ones) and then its record; return its index row."""
    out = records.out
    entry = IndexEntry(input=task.path, status=outcome.status, config_signature=signature, sha256=task.sha256,
                       error=outcome.error, zones=len(outcome.zones), zone_names=list(outcome.zones),
                       warnings=outcome.warnings, seconds=outcome.seconds)
    files: dict[str, str] = {}
    if outcome.status == "ok":
        try:  # the three files share a folder: checked once
            base = _inside(out, task.stem)
            targets = {fmt: base.with_name(f"{base.name}.{fmt}") for fmt in WRITE_ORDER}
        except OutputError as exc:  # this page's folder is a link out of OUT: fail the page, not the batch
            entry.status, entry.error, entry.zones, entry.zone_names = "failed", exc.line(), 0, []
            targets = {}
        write_texts_atomic({target: outcome.texts[fmt] for fmt, target in targets.items()}, sync=False)  # all or none
        files = {f"{task.stem}.{fmt}": hashlib.sha256(outcome.texts[fmt]).hexdigest() for fmt in targets}
        entry.outputs = [f"{task.stem}.{fmt}" for fmt in FORMATS] if targets else []
    else:
        _remove_stale(records, task.stem)
    records.append({"version": RECORD_VERSION, "stem": task.stem, "finished": now(), "files": files,
                    **{k: v for k, v in entry.to_dict().items() if k != "status"}, "status": entry.status})
    return entry


def _inside(out: Path, rel: str) -> Path:
    """``out/rel``, refusing a path that a symlink inside OUT would send elsewhere."""
    target = out / rel
    # A page at OUT's top has no folder of its own that a link could replace: two realpaths (a
    # stat of every part of both paths) saved on most pages
    if target.parent != out and not is_inside(target.parent, out):
        raise OutputError(f"{target}: a symlink inside the output folder points outside it",
                          hint="remove the link or choose another -o")
    return target


def _remove_stale(records: Records, stem: str) -> None:
    """A page that fails now must not keep a brief of its earlier content."""
    record = records.get(stem)
    for rel in (record or {}).get("files", {}):
        try:
            _inside(records.out, rel).unlink()
        except (OSError, OutputError):
            pass


def sweep_temp_files(out: Path) -> int:
    """Remove the temp files of writes a killed run never finished."""
    removed = 0
    for top, _dirs, files in os.walk(out):
        for name in files:
            if _TEMP_FILE.match(name):
                try:
                    os.unlink(os.path.join(top, name))
                    removed += 1
                except OSError:
                    pass
    return removed


def counts(entries: list[IndexEntry]) -> dict[str, int]:
    tally = {"ok": 0, "failed": 0, "skipped": 0, "pending": 0}
    for entry in entries:
        tally[entry.status] += 1
    return tally


def write_index(out: Path, header: dict, entries: list[IndexEntry]) -> list[Path]:
    """``index.json`` and ``index.html``, each written atomically."""
    data = {**header, "counts": counts(entries), "inputs": [e.to_dict() for e in entries]}
    return write_texts_atomic({out / "index.json": json.dumps(data, ensure_ascii=False, indent=2) + "\n",
                               out / "index.html": render_index_html(data, entries)})


def render_index_html(data: dict, entries: list[IndexEntry]) -> str:
    order = {"failed": 0, "pending": 1, "ok": 2, "skipped": 2}
    # Rows as objects, not dicts: the template's r.status finds an attribute at once, where on a
    # dict it first fails (an exception per cell; most of a 200-row page's time).
    # Each output's link by its format (splitext: a Path per output was a third of this page's time).
    rows = [SimpleNamespace(**e.__dict__, href=SimpleNamespace(**{os.path.splitext(o)[1][1:]: quote(o)
                                                                  for o in e.outputs}),
                            detail=(e.error or "").removeprefix(f"{e.input}: "))  # the row names the input
            for e in sorted(entries, key=lambda e: order[e.status])]  # stable: input order within a status
    return template("batch_index.html.j2").render(data=data, rows=rows,
                                                  failures=[r for r in rows if r.status == "failed"], csp=CSP)


class OutLock:
    """One batch per OUT at a time (an advisory lock the OS drops when the process dies)."""

    def __init__(self, out: Path):
        self.path = out / STATE_DIR / "lock"
        self.handle = None

    def __enter__(self) -> "OutLock":
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.handle = open(self.path, "a+", encoding="utf-8")
        try:
            import fcntl
        except ImportError:  # Windows: no advisory locks; one run at a time is up to the user
            return self
        try:
            fcntl.flock(self.handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            self.handle.close()
            raise BatchUsageError(f"{self.path.parents[1]}: another `zonesum batch` is writing there",
                                  hint="wait for it to finish or choose another -o") from None
        return self

    def __exit__(self, *exc) -> None:
        if self.handle is not None:
            self.handle.close()
