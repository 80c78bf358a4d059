"""PDF e-paper pages: pages typeset by tests/pdfpages.py, read back with zonesum.pdf.reader."""
from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

pytest.importorskip("pypdfium2")
pytest.importorskip("reportlab")

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from zonesum.errors import InputError  # noqa: E402
from zonesum.pdf.layout import Box, Char, make_lines  # noqa: E402
from zonesum.pdf.reader import read_pdf  # noqa: E402
from zonesum.pipeline import run_pdf  # noqa: E402

from pdfpages import (ARENA, NOTE, TARGETS, ZONES, Page, Story, expected_text, render,  # noqa: E402
                      probe_page, scanned_page, side_by_side_page, two_story_page)


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("pages")


def read(page: Page | list[Page], folder: Path, name: str):
    path = folder / f"{name}.pdf"
    placed = render(page, path)
    return read_pdf(path), placed


def test_pdf_finds_both_articles_with_titles(pages):
    got, _ = read(two_story_page(), pages, "two")
    assert [a.title for a in got.articles] == [ARENA.title, TARGETS.title]
    assert [a.columns for a in got.articles] == [3, 3]
    assert got.pages == 1


def test_pdf_article_text_is_a_clean_text_article(pages):
    """Kicker and headline, byline, paragraphs, headings, then the ■ caption at the end."""
    got, _ = read(two_story_page(), pages, "two")
    assert [a.text for a in got.articles] == [expected_text(ARENA), expected_text(TARGETS)]


def test_pdf_rejoins_paragraph_across_columns(pages):
    got, placed = read(two_story_page(), pages, "two")
    split = [(article, info.story.paragraphs[i])
             for article, info in zip(got.articles, placed)
             for i, cols in enumerate(info.columns) if len(cols) > 1]
    assert split, "the test page should break a paragraph at a column end"
    for article, paragraph in split:
        assert paragraph in article.text.split("\n\n")


def test_pdf_keeps_zone_names_in_their_articles(pages):
    got, _ = read(two_story_page(), pages, "two")
    for zone in ZONES:
        assert zone in got.articles[0].text and zone in got.articles[1].text


def test_pdf_run_gives_each_article_its_zones(pages):
    """Each article goes through the text pipeline as a .txt file would (offline)."""
    path = pages / "run.pdf"
    render([two_story_page(), Page(rows=[[NOTE]])], path)
    page = run_pdf(path, offline=True)
    runs = page.articles
    assert [r.title for r in runs] == [ARENA.title, TARGETS.title, NOTE.title]
    for run in runs[:2]:
        assert run.result.meta.title == run.title and run.note is None
        zones = {z.name for z in run.result.zones}
        assert {"临江滨海新区", "临江综合保税区"} <= zones  # the gazetteer's zones in the text
    # kept, with its summary and a note
    assert runs[2].result.zones == [] and "no zone" in runs[2].note and runs[2].result.summary_zh
    assert page.source.encoding == "pdf" and len(page.source.sha256) == 64


def test_pdf_furniture_goes_to_page_meta(pages):
    got, _ = read(two_story_page(), pages, "two")
    page = two_story_page()
    assert got.meta.masthead == page.masthead
    assert got.meta.date == "2024-04-15"  # page.date, "2024年4月15日 星期一", as ISO 8601
    assert got.meta.page_number == "3"
    assert got.meta.section == page.section
    assert got.meta.credits == (page.credits,)
    for article in got.articles:
        lines = article.text.splitlines()
        assert not {page.masthead, page.section, page.page_label, page.credits} & set(lines)
        assert page.date not in article.text and "主编" not in article.text


def test_pdf_splits_side_by_side_articles(pages):
    """A two-column article beside a one-column one (a vertical rule between), then a
    full-width article below both."""
    got, _ = read(side_by_side_page(), pages, "side")
    assert [a.title for a in got.articles] == [ARENA.title, NOTE.title, TARGETS.title]
    assert [a.columns for a in got.articles] == [2, 1, 3]
    assert got.articles[0].text == expected_text(ARENA)
    assert got.articles[1].text == expected_text(NOTE)  # its headline wraps over two lines


@pytest.mark.parametrize("rules,centred", [(False, True), (True, False), (False, False)])
def test_pdf_splits_articles_without_rules_or_centred_headlines(pages, rules, centred):
    stories = [dataclasses.replace(s, centred=centred) for s in (ARENA, TARGETS)]
    wide, note = dataclasses.replace(stories[0], columns=2), dataclasses.replace(NOTE, centred=centred)
    page = Page(rows=[[wide, note], [stories[1]]], rules=rules)
    got, _ = read(page, pages, f"variant-{rules}-{centred}")
    assert [a.text for a in got.articles] == [expected_text(s) for s in (wide, note, stories[1])]
    assert got.meta.credits == (page.credits,)


def test_pdf_reads_every_page_of_a_multipage_file(pages):
    second = Page(rows=[[NOTE, dataclasses.replace(TARGETS, columns=2)]])
    got, _ = read([two_story_page(), second], pages, "multi")
    assert got.pages == 2
    assert [(a.page, a.title) for a in got.articles] == [
        (1, ARENA.title), (1, TARGETS.title), (2, NOTE.title), (2, TARGETS.title)]


@pytest.mark.parametrize("name", ["scan", "furniture-only"])
def test_pdf_scanned_page_is_one_clear_error(pages, name):
    """A page with only pictures, or whose only text is the header strip."""
    path = pages / f"{name}.pdf"
    scanned_page(path) if name == "scan" else render(Page(rows=[]), path)
    with pytest.raises(InputError, match="has no text layer") as err:
        read_pdf(path)
    assert "\n" not in err.value.line() and "scanned" in err.value.line()


def _encrypted(path: Path) -> None:
    from reportlab.lib.pdfencrypt import StandardEncryption
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), encrypt=StandardEncryption("secret", canPrint=0))
    c.drawString(72, 720, "locked")
    c.save()


@pytest.mark.parametrize("name,make,message", [
    ("garbage", lambda p: p.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 20), "not a readable PDF"),
    ("text", lambda p: p.write_text("临江滨海新区\n", encoding="utf-8"), "not a PDF"),
    ("empty", lambda p: p.write_bytes(b""), "not a PDF"),
    ("encrypted", _encrypted, "encrypted"),
])
def test_pdf_broken_file_is_one_clear_error(pages, name, make, message):
    path = pages / f"broken-{name}.pdf"
    make(path)
    with pytest.raises(InputError, match=message) as err:
        read_pdf(path)
    assert "\n" not in err.value.line()


def test_pdf_truncated_file_is_an_input_error_or_partial(pages):
    """A download cut short either fails with one line or still yields its text."""
    whole = pages / "whole.pdf"
    render(two_story_page(), whole)
    cut = pages / "cut.pdf"
    cut.write_bytes(whole.read_bytes()[: whole.stat().st_size // 3])
    try:
        got = read_pdf(cut)
    except InputError as err:
        assert "\n" not in err.line()
    else:
        assert isinstance(got.articles, tuple)


def test_pdf_missing_file_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_pdf(tmp_path / "nope.pdf")


def test_pdf_lines_split_at_gutters_and_size_changes():
    def chars(text: str, x: float, top: float, size: float) -> list[Char]:
        return [Char(ch, Box(x + i * size, top, x + (i + 1) * size, top + size), size, "F")
                for i, ch in enumerate(text)]

    found = make_lines(chars("云栖湾", 0, 100, 10) + chars("东岸", 65, 101, 10)  # 1.5 em gutter
                       + chars("走廊", 30, 100.5, 10) + chars("标题", 0, 60, 20)
                       + chars("大字", 90, 97, 16))  # no gutter, but a bigger font
    assert [ln.text for ln in found] == ["标题", "大字", "云栖湾走廊", "东岸"]


SENTENCES = ["临江滨海新区加快建设海洋装备产业园。", "云栖湾一季度新签约项目十二个，",
             "东岸科创走廊孵化科技型企业四十七家，", "总投资一百二十亿元的项目全面开工；",
             "北湖数字港的算力中心投入运行。", "各方面要拿出切实可行的办法，",
             "推动2024年各项目标任务落到实处。", "人才公寓和配套学校同步建设。"]


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.lists(st.sampled_from(SENTENCES), min_size=2, max_size=9), min_size=2, max_size=9),
       st.sampled_from([1, 2, 3]))
def test_pdf_paragraphs_survive_any_column_breaks(pages, paragraphs, columns):
    story = Story("功能区建设观察", ["".join(p) for p in paragraphs], columns=columns)
    got, _ = read(Page(rows=[[story]]), pages, "property")
    assert [a.text for a in got.articles] == [expected_text(story)]


def test_pdf_cli_run_writes_the_page_brief(pages, tmp_path):
    import json

    from typer.testing import CliRunner

    from zonesum.cli import app

    path = pages / "cli.pdf"
    render([two_story_page()], path)
    out = tmp_path / "out"
    outcome = CliRunner().invoke(app, ["run", str(path), "-c", "offline", "-o", str(out)])
    assert outcome.exit_code == 0, outcome.output
    data = json.loads((out / "cli.json").read_text(encoding="utf-8"))
    assert data["kind"] == "page" and len(data["articles"]) == 2
    assert data["page"]["page_number"] == "3"
    html = (out / "cli.html").read_text(encoding="utf-8")
    assert html.count("<article") == 2 and "Content-Security-Policy" in html
    assert "临江滨海新区" in (out / "cli.md").read_text(encoding="utf-8")


def test_pdf_batch_handles_a_folder_of_pdfs(tmp_path):
    import json

    from typer.testing import CliRunner

    from zonesum.cli import app

    folder = tmp_path / "pdfs"
    folder.mkdir()
    render([two_story_page()], folder / "p3.pdf")
    render([side_by_side_page()], folder / "p4.pdf")
    (folder / "broken.pdf").write_bytes(b"%PDF-1.4\n garbage")
    out = tmp_path / "out"
    outcome = CliRunner().invoke(app, ["batch", str(folder), "--glob", "*.pdf", "-o", str(out),
                                       "--offline", "--jobs", "1"])
    assert outcome.exit_code == 1, outcome.output  # the broken PDF fails, the others do not
    index = json.loads((out / "index.json").read_text(encoding="utf-8"))
    status = {Path(e["input"]).name: e["status"] for e in index["inputs"]}
    assert status == {"p3.pdf": "ok", "p4.pdf": "ok", "broken.pdf": "failed"}
    page = json.loads((out / "p3.json").read_text(encoding="utf-8"))
    assert page["kind"] == "page" and len(page["articles"]) == 2


# --- a publisher's e-paper page (tests/pdfpages.py: epaper_page) ----------------------------------

@pytest.fixture(scope="module")
def epaper(pages) -> Path:
    pytest.importorskip("fontTools")
    from pdfpages import epaper_page

    path = pages / "epaper.pdf"
    epaper_page(path)
    return path


def _no_one_character_article(page) -> None:
    for article in page.articles:
        assert article.title is None or len(article.title) > 1
        assert len(article.text.replace("\n", "")) > 20, article.text


def test_pdf_epaper_page_has_its_articles_and_nothing_else(epaper):
    """Letter-spaced first line of a two-line headline, a subtitle beside the headline in smaller
    type, a commentary in its own face on a shifted grid: three articles in reading order."""
    from pdfpages import EPAPER_A, EPAPER_A_SUBTITLE, EPAPER_B, EPAPER_C

    got = read_pdf(epaper)
    assert [a.title for a in got.articles] == [EPAPER_A.title, EPAPER_B.title, EPAPER_C.title]
    assert got.articles[0].deck == (" ".join(EPAPER_A_SUBTITLE),)
    assert [a.columns for a in got.articles] == [3, 2, 2]
    _no_one_character_article(got)


def test_pdf_epaper_page_furniture(epaper):
    """The date in three sizes is one date; the page number comes from the foot's corner, not
    from the day; a boxed notice is never the masthead; a banner slogan with no text under it,
    the bar at the foot and a vertical label are furniture."""
    from pdfpages import EPAPER_BANNER, EPAPER_FOOT, EPAPER_LABEL, EPAPER_NOTICE

    meta = read_pdf(epaper).meta
    assert meta.date == "2024-04-15"
    assert meta.page_number == "A03"
    assert meta.masthead == "LINJIANG DAILY"
    assert {*EPAPER_NOTICE, EPAPER_BANNER, EPAPER_FOOT, EPAPER_LABEL} <= set(meta.other)


def test_pdf_epaper_page_articles_read_whole(epaper):
    """Paragraphs survive the caption between two columns and the commentary's own face (its
    short last lines are not headings); the caption goes last; the bold headline printed twice
    is read once."""
    from pdfpages import EPAPER_A, EPAPER_B, EPAPER_C

    a, b, c = read_pdf(epaper).articles
    assert a.text.split("\n\n")[1:] == [*EPAPER_A.paragraphs, "■" + EPAPER_A.caption + "\n"]
    assert b.text.split("\n\n")[1:] == [*EPAPER_B.paragraphs[:-1], EPAPER_B.paragraphs[-1] + "\n"]
    assert c.text.split("\n\n")[1:] == [EPAPER_C.byline, *EPAPER_C.paragraphs[:-1], EPAPER_C.paragraphs[-1] + "\n"]
    assert a.text.count(EPAPER_A.title) == 1


def test_pdf_epaper_page_through_the_pipeline(epaper):
    """Titles and subtitles come from the layout, not from guessing at the text's head lines."""
    from pdfpages import EPAPER_A, EPAPER_A_SUBTITLE, EPAPER_B, EPAPER_C

    page = run_pdf(epaper, offline=True)
    metas = [a.result.meta for a in page.articles]
    assert [m.title for m in metas] == [EPAPER_A.title, EPAPER_B.title, EPAPER_C.title]
    assert metas[0].deck == [" ".join(EPAPER_A_SUBTITLE)]
    assert metas[0].byline.startswith("本报讯（记者 周新雨") and metas[2].byline == EPAPER_C.byline
    assert page.page.date == "2024-04-15" and page.page.page_number == "A03"


# --- the real e-paper page beside the repo (third party: read, never copied) -------------------

REAL = Path(__file__).resolve().parents[3] / "shared" / "real-epaper" / "cnooc-press-2024-10-16-p01.pdf"
REAL_TITLES = ["中国海油“海能”人工智能模型发布", "中国海油党组召开2024年下半年巡视动员部署会",
               "奔向人工智能的“海油高地”", "我国海上首个多层稠油热采项目陆地完工",
               "全力以赴跑好年度“最后一棒”", "“深海一号”二期完成首船原油外输"]


@pytest.mark.skipif(not REAL.exists(), reason="../shared/real-epaper is not beside the repo")
def test_pdf_real_epaper_page_as_a_reader_sees_it():
    """Its README: six articles in this order, two subtitles, a boxed notice and the masthead in
    the header, the date line 2024年10月 16 日 and no page number on the page."""
    page = run_pdf(REAL, offline=True)
    assert [a.title for a in page.articles] == REAL_TITLES
    metas = [a.result.meta for a in page.articles]
    assert [m.title for m in metas] == REAL_TITLES
    assert metas[0].deck == ["汪东进致辞 周心怀出席并讲话 俞进主持"]
    assert metas[4].deck == ["——中国海油各单位全力冲刺全年生产经营目标综述之二"]
    assert [m.deck for i, m in enumerate(metas) if i not in (0, 4)] == [[]] * 4
    assert [m.byline for m in metas] == ["本报讯（记者徐昕联 通讯员田明 宋宗泽 姜山）", "本报讯", "□ 田昀澍",
                                         "本报讯（记者郝艳军 通讯员曹晓林）", None, "本报讯（通讯员宁思雅）"]
    assert page.page.date == "2024-10-16" and page.page.page_number is None
    assert page.page.masthead == "CHINA OFFSHORE OIL PRESS"
    assert "《在文艺工作座谈会上的讲话》" in page.page.other
    assert len(metas[0].captions) == len(metas[3].captions) == 1
    _no_one_character_article(read_pdf(REAL))


def test_pdf_engine_glyphs_pdfium_alone_would_lose_or_misread(tmp_path):
    """Text in a font neither embedded nor installed (STSong-Light here): PDFium cannot measure
    it and drops a one-character text object and vertical writing whole; such a page is read
    through pdfminer. Vertical writing is set apart as one line, rotated text left out, a line
    printed twice a hair apart (a bold effect) read once, sizes taken with the scaling applied."""
    pytest.importorskip("pdfplumber")
    from zonesum.pdf.engine import read_pages

    path = tmp_path / "probe.pdf"
    probe_page(path)
    page = read_pages(path.read_bytes())[0]
    assert "".join(ch.text for ch in page.chars) == "本加粗的一行缩放文字"
    assert [text for text, *_ in page.vertical] == ["竖排标题"]
    assert {ch.size for ch in page.chars if ch.text in "缩放文字"} == {6.0}


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.lists(st.tuples(st.sampled_from([1, 2, 3]), st.booleans(), st.booleans()),
                         min_size=1, max_size=3), min_size=1, max_size=2),
       st.booleans(), st.integers(0, 99))
def test_pdf_pages_of_several_stories_read_back_exactly(pages, layout, rules, seed):
    """Rows of stories side by side, with or without rules, headlines centred or flush left (a
    flush-left headline can cover only one of its article's columns), bylines or none."""
    import random

    rnd = random.Random(seed)
    rows = []
    for row in layout:
        stories, left = [], 3
        for columns, centred, byline in row:
            columns = min(columns, left)
            if not columns:
                break
            paragraphs = ["".join(rnd.choice(SENTENCES) for _ in range(rnd.randint(2, 6)))
                          for _ in range(rnd.randint(1, 4))]
            stories.append(Story(rnd.choice(["功能区建设观察", "锚定全年目标冲刺双过半", "擂台赛上比成绩"]), paragraphs,
                                 byline="□临江日报记者 许 晴" if byline else None, columns=columns, centred=centred))
            left -= columns
        rows.append(stories)
    try:
        got, _ = read(Page(rows=rows, rules=rules), pages, "several")
    except ValueError:  # the stories do not fit on the page
        return
    assert [a.text for a in got.articles] == [expected_text(s) for row in rows for s in row]


def test_pdf_short_flush_left_headline_keeps_its_second_column(pages):
    """A headline over one of its article's two columns beside a one-column article, with no
    rules: the blank down the page under the headline's end is a gutter of that article, not a
    cut between two (a page that once lost the second column to the article beside it)."""
    said = [*SENTENCES[:5], SENTENCES[6]]

    def paragraphs(*picks: list[int]) -> list[str]:
        return ["".join(said[i] for i in pick) for pick in picks]

    wide = Story("四大功能区同台比拼", paragraphs([4, 1, 1], [1, 2], [0, 2, 1, 2, 2, 4], [0, 5, 3]),
                 byline="□临江日报记者 许 晴", columns=2, centred=False)
    beside = Story("功能区建设观察", paragraphs([2, 0, 3, 2], [2, 1, 5, 4, 4, 5], [0, 2, 1], [3, 5, 3, 3, 2]),
                   columns=1)
    got, _ = read(Page(rows=[[wide, beside]], rules=False), pages, "flush-left")
    assert [a.text for a in got.articles] == [expected_text(wide), expected_text(beside)]
