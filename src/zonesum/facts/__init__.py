"""Facts: every figure of a zone's text as a typed record, stated in English with no model.

Owns: ``glossary`` (indicators, units and periods with their English, ``data/glossary.yaml``),
``extract`` (``Zone`` -> ``Fact`` records: value in base units, unit, change, period, actual or
target) and ``english`` (a fact as one English line). Numbers are read by ``text.figures``
(one parser for the whole project). May import ``text`` and the foundation (``types``,
``errors``); never the zone finder, the model backends or anything above the pipeline.
"""
from .english import describe_en, format_change_en, format_value_en
from .extract import extract_facts

__all__ = ["extract_facts", "describe_en", "format_value_en", "format_change_en"]
