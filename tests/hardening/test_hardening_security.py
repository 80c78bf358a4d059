"""What a hostile page can do to the outputs: nothing. Everything from the article stays text.

The HTML report is parsed and compared with the report of a harmless article: no tag,
attribute, URL or script may appear that the template itself does not write. The Markdown
is rendered by a CommonMark renderer that passes raw HTML through (as many previewers do)
and checked the same way.
"""
from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser
from pathlib import PurePosixPath

from hypothesis import given, settings
from hypothesis import strategies as st

from zonesum.batch.inputs import safe_stem
from zonesum.pipeline import run, run_text
from zonesum.result import PageArticle, PageMetaOut, PageResult, Result
from zonesum.writers import render

from articles import EXAMPLE, REPO

SRC = REPO / "src" / "zonesum"
ATTACKS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(2)>",
    '"><svg onload=alert(3)>',
    "<a href=\"javascript:alert(4)\">点我</a>",
    "javascript:alert(5)",
    "<iframe src=https://evil.example/></iframe>",
    "<base href=https://evil.example/>",
    "<meta http-equiv=refresh content=\"0;url=https://evil.example/\">",
    "<style>@import url(https://evil.example/x.css)</style>",
    "<link rel=stylesheet href=//evil.example/x.css>",
    "</summary></details><script>alert(6)</script>",
    "<!-- ]]> --> &lt;script&gt; {{ 7*7 }} {% raw %}",
    "[点我](javascript:alert(7)) ![x](https://evil.example/p.png) <https://evil.example/>",
]
HOSTILE_ARTICLE = f"""临江发布客户端  扫码阅读全文 {ATTACKS[1]}

责任编辑 周若兰 美编 陈 默

临江六大功能区{ATTACKS[0]}晒家底

□临江日报记者 方知远{ATTACKS[2]}

4月20日，临江市功能区建设推进会召开，六大功能区负责人依次发言{ATTACKS[3]}。

晒出成绩{ATTACKS[0]}

临江滨海新区坚持向海图强{ATTACKS[0]}。一季度实现地区生产总值412亿元，增长8.1%{ATTACKS[4]}。

临江综合保税区外贸作用凸显{ATTACKS[5]}。一季度进出口额达到198亿元，增长23.6%{ATTACKS[10]}。

锚定{ATTACKS[1]}

临江滨海新区将全力打造海洋经济示范区{ATTACKS[6]}。二季度力争新开工项目20个以上{ATTACKS[7]}。

临江综合保税区将继续扩大开放优势{ATTACKS[8]}，推动进出口额全年突破800亿元{ATTACKS[11]}。

问题就是方向{ATTACKS[9]}，差距就是潜力{ATTACKS[12]}。

■临江航空枢纽货运区{ATTACKS[0]}。
"""


class _Page(HTMLParser):
    """Tags, attributes and text of an HTML page, as a browser's tokenizer sees them."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str, str]] = []
        self.text: list[str] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs.extend((tag, name, value or "") for name, value in attrs)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_data(self, data):
        self.text.append(data)

    def handle_comment(self, data):
        raise AssertionError(f"a comment reached the page: {data!r}")


def _benign() -> Result:
    return run(EXAMPLE, "offline")


def _check_page(html: str, reference: str, attacks: list[str]) -> _Page:
    page, ref = _Page(html), _Page(reference)
    # the scoreboard's CSS sort buttons (input, label) are the template's own, shown only when two
    # zones share an indicator; their attributes are checked below like every other
    allowed = set(ref.tags) | {"input", "label"}
    assert set(page.tags) <= allowed, f"new tags: {set(page.tags) - allowed}"
    assert page.tags.count("meta") == ref.tags.count("meta") and "script" not in page.tags
    for tag, name, value in page.attrs:
        assert not name.startswith("on"), (tag, name, value)
        assert name not in ("src", "srcdoc", "action", "formaction", "background", "poster"), (tag, name)
        if name == "href":
            assert re.fullmatch(r"#[\w-]+", value), value  # in-page links only
        assert "javascript:" not in value.lower() and "url(" not in value.lower()
    metas = [(name, value) for tag, name, value in page.attrs if tag == "meta"]
    assert metas == [(name, value) for tag, name, value in ref.attrs if tag == "meta"]  # the CSP is untouched
    text = "".join(page.text)
    for attack in attacks:
        assert attack in text, f"not shown as text: {attack}"
    return page


def test_writers_html_template_loads_nothing_and_sets_a_strict_csp():
    html = render(_benign(), "html")
    assert not re.search(r"(?i)https?:|//[a-z]|url\(|@import|<script|<link|<img|<iframe", html)
    csp = unescape(re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">', html).group(1))
    policy = {d.split()[0]: d.split()[1:] for d in (part.strip() for part in csp.split(";")) if d}
    assert policy["default-src"] == ["'none'"] and "script-src" not in policy
    assert policy.get("img-src") in (["data:"], ["'none'"]) and policy.get("base-uri") == ["'none'"]
    assert html.index("Content-Security-Policy") < html.index("<body")


def test_writers_html_hostile_article_stays_text():
    result = run_text(HOSTILE_ARTICLE, "offline", path="hostile.txt")
    assert len(result.zones) == 2
    assert [p.section for p in result.zones[0].paragraphs] == ["晒出成绩" + ATTACKS[0], "锚定" + ATTACKS[1]]
    _check_page(render(result, "html"), render(_benign(), "html"), ATTACKS)


_hostile_text = st.one_of(
    st.sampled_from(ATTACKS),
    st.text(st.sampled_from(list("<>&\"'`/=:;()[]{}!#*_\\| \n\tabcjsvgonerrorscript临江区")), min_size=1, max_size=40),
)


def _replace_strings(data, texts):
    if isinstance(data, dict):
        return {k: (v if k == "index" else _replace_strings(v, texts)) for k, v in data.items()}
    if isinstance(data, list):
        return [_replace_strings(v, texts) for v in data]
    return next(texts) if isinstance(data, str) else data


@settings(max_examples=60, deadline=None)
@given(texts=st.lists(_hostile_text, min_size=1, max_size=20))
def test_writers_html_and_markdown_escape_every_field(texts):
    """Every string of a Result (article text, names, summaries, warnings…) replaced by hostile text."""
    benign = _benign()
    cycle = iter(texts * 1000)
    hostile = Result.model_validate(_replace_strings(benign.to_dict(), cycle))
    _check_page(render(hostile, "html"), render(benign, "html"), [])
    _check_markdown(render(hostile, "md"), render(benign, "md"))


def test_writers_pdf_page_report_escapes_too():
    hostile = run_text(HOSTILE_ARTICLE, "offline", path="hostile.txt")
    page = PageResult(source=hostile.source, page=PageMetaOut(masthead=ATTACKS[0], section=ATTACKS[1]),
                      articles=[PageArticle(title=ATTACKS[3], note=ATTACKS[2], result=hostile)])
    benign = _benign()
    reference = PageResult(source=benign.source, page=PageMetaOut(masthead="临江日报"),
                           articles=[PageArticle(title="标题", note="说明", result=benign)])
    _check_page(render(page, "html"), render(reference, "html"), ATTACKS[:4])
    _check_markdown(render(page, "md"), render(reference, "md"))


def _check_markdown(markdown: str, reference: str) -> None:
    from markdown_it import MarkdownIt

    commonmark = MarkdownIt("commonmark")  # raw HTML passes through, as in many previewers
    page, ref = _Page(commonmark.render(markdown)), _Page(commonmark.render(reference))
    allowed = set(ref.tags) | {"h1", "h2", "h3", "p", "ul", "ol", "li", "em", "strong", "hr", "br", "blockquote",
                               "code", "pre", "h4", "h5", "h6"}  # Markdown structure is harmless
    assert set(page.tags) <= allowed - {"a", "img"}, f"live tags: {set(page.tags) - (allowed - {'a', 'img'})}"
    assert not page.attrs or all(name in ("start",) for _, name, _ in page.attrs), page.attrs


def test_writers_markdown_hostile_article_has_no_live_html_or_links():
    result = run_text(HOSTILE_ARTICLE, "offline", path="hostile.txt")
    markdown = render(result, "md")
    _check_markdown(markdown, render(_benign(), "md"))
    assert "\\<script\\>" in markdown  # shown, escaped


def test_seq2seq_no_remote_code_anywhere_in_src():
    """Model loading never runs code from a model repository, and prefers safetensors."""
    offenders = [f"{path.relative_to(SRC)}:{n}" for path in SRC.rglob("*.py")
                 for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                 if re.search(r"trust_remote_code[\"']?\s*[=:](?!\s*False\b)", line)]
    assert offenders == []
    loading = (SRC / "backends" / "models.py").read_text(encoding="utf-8")
    assert "use_safetensors=True" in loading


_names = st.lists(st.one_of(st.sampled_from(["..", ".", "", "~", "/", "\\", "..\\..", "C:", "index", "con", ".git",
                                             "\u202e", "\x00", "\n", "报纸", "a b", "-rf"]),
                            st.text(max_size=12)), min_size=1, max_size=6)


@settings(max_examples=200, deadline=None)
@given(parts=_names)
def test_batch_no_input_name_writes_outside_out(parts):
    rel = "/".join(parts)
    stem = safe_stem(PurePosixPath(rel) if "\x00" not in rel else rel.replace("\x00", "_"))
    assert not PurePosixPath(stem).is_absolute() and ".." not in PurePosixPath(stem).parts
    assert all(part and not part.startswith(".") for part in PurePosixPath(stem).parts), stem
    assert not any(ord(ch) < 32 or ch in "\u202e\\:" for ch in stem), stem
