"""Paths to the articles the tests read (the shared one lives beside the repo, never in it)."""
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "examples" / "linjiang-zones.txt"
SHARED = REPO.parent / "shared"
QINGDAO = SHARED / "examples" / "qingdao-nine-zones.txt"
WMT = SHARED / "data" / "wmt22-zhen"
DATA = REPO / "tests" / "data"  # pages of our own in other layouts (figures invented)
HONGKONG = DATA / "hongkong-zones-traditional.txt"

QINGDAO_ZONES = ["上合示范区", "青岛自贸片区", "青岛经济技术开发区", "青岛高新区", "青岛蓝谷",
                 "青岛国际邮轮港区", "青岛董家口经济区", "青岛金家岭金融聚集区", "青岛轨道交通产业示范区"]
EXAMPLE_ZONES = ["临江滨海新区", "临江综合保税区", "西岭生态文旅度假区", "临江航空枢纽", "东岸科创走廊",
                 "南湖数字经济产业园"]

needs_shared = pytest.mark.skipif(not QINGDAO.exists(), reason="../shared/examples is not beside the repo")
