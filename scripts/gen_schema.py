"""Regenerate the shipped JSON schema, src/zonesum/schema/result.json, from the result models.

    .venv/bin/python scripts/gen_schema.py

tests/hardening/test_hardening_schema.py fails while the shipped file differs from the models.
"""
from zonesum.result import write_schema

if __name__ == "__main__":
    print(f"wrote {write_schema()}")
