"""The published JSON schema: shipped in the package, current, and what every output obeys."""
from __future__ import annotations

import json

import jsonschema
import pytest

from zonesum.pipeline import run
from zonesum.result import SCHEMA_PATH, json_schema

from articles import EXAMPLE, HONGKONG, QINGDAO, REPO, needs_shared


def _validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(json.loads(SCHEMA_PATH.read_text(encoding="utf-8")))


def test_result_shipped_schema_is_the_generated_one():
    assert SCHEMA_PATH.is_file(), "run: python scripts/gen_schema.py"
    assert json.loads(SCHEMA_PATH.read_text(encoding="utf-8")) == json_schema(), (
        "src/zonesum/schema/result.json is stale: run python scripts/gen_schema.py")


def test_result_schema_is_a_valid_draft_2020_12_schema():
    jsonschema.Draft202012Validator.check_schema(json_schema())


def test_result_schema_ships_with_the_package():
    from importlib.resources import files

    assert files("zonesum").joinpath("schema").joinpath("result.json").is_file()
    pyproject = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    assert '"schema/*.json"' in pyproject  # package-data: wheels carry it too


@pytest.mark.parametrize("path", [EXAMPLE, pytest.param(QINGDAO, marks=needs_shared), HONGKONG],
                         ids=["linjiang", "qingdao", "hongkong"])
def test_result_json_of_every_article_validates(path):
    data = json.loads(run(path, "offline").to_json())
    _validator().validate(data)


@pytest.mark.parametrize("damage", [
    lambda d: d.pop("zones"),
    lambda d: d["zones"][0].update(text=3),
    lambda d: d["meta"].update(colour="red"),
    lambda d: d["source"].update(size_bytes="big"),
])
def test_result_schema_rejects_a_damaged_result(damage):
    data = json.loads(run(EXAMPLE, "offline").to_json())
    damage(data)
    with pytest.raises(jsonschema.ValidationError):
        _validator().validate(data)


def test_result_schema_covers_pdf_page_results():
    from zonesum.result import PageArticle, PageMetaOut, PageResult

    result = run(EXAMPLE, "offline")
    page = PageResult(source=result.source, page=PageMetaOut(masthead="临江日报", page_number="A3"),
                      articles=[PageArticle(title=result.meta.title, result=result)])
    _validator().validate(json.loads(page.to_json()))
