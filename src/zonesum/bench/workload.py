"""What ``zonesum bench`` times: the plan (quick or full) and the workload, the example's zone texts."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..config import REPO_ROOT, Config
from ..errors import ZonesumError

EXAMPLE = REPO_ROOT / "examples" / "linjiang-zones.txt"
QUICK_ZONES = 2



@dataclass(frozen=True)
class Plan:
    quick: bool
    zones: int | None  # the first N zones; None: all
    rounds: int
    every_engine: bool  # also time each engine besides the default path
    summary_rounds: int  # 0: no summariser


def plan_for(quick: bool) -> Plan:
    if quick:
        return Plan(quick=True, zones=QUICK_ZONES, rounds=2, every_engine=False, summary_rounds=0)
    return Plan(quick=False, zones=None, rounds=3, every_engine=True, summary_rounds=2)


@dataclass(frozen=True)
class Workload:
    zones: tuple[str, ...]  # zone texts: what zonesum's backends get
    sentences: tuple[str, ...]  # the same text one sentence at a time: what the baseline gets
    source: str = ""  # the file they come from, as the report names it


def load_workload(config: Config, zones: int | None = None, path: Path = EXAMPLE) -> Workload:
    """The example's zone texts as the pipeline's chunker cuts them (the first ``zones``)."""
    from ..text.clean import clean
    from ..text.ingest import read_document
    from ..text.sentences import split_paragraphs, split_sentences
    from ..zones.chunk import chunk
    from ..zones.gazetteer import load_gazetteers

    if not path.is_file():
        raise ZonesumError(f"the benchmark text {path} is missing", hint="run zonesum bench from a source checkout")
    chunking = chunk(clean(read_document(path)), load_gazetteers(config), discover=config.discover_zones)
    texts = tuple(zone.text for zone in chunking.zones)[:zones]
    sentences = tuple(s for text in texts for p in split_paragraphs(text) for s in split_sentences(p))
    shown = path.relative_to(REPO_ROOT) if path.is_relative_to(REPO_ROOT) else path
    return Workload(texts, sentences, str(shown))
