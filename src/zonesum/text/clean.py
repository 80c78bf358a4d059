"""Text -> Article: move page furniture to meta, rejoin broken paragraphs, find headline and sections.

Hand-written because no library knows Chinese newspaper page furniture: the rules below
encode how printed pages are laid out (credits, □ bylines, ■ captions, column breaks).
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from ..types import Article, Document, Meta, Paragraph, Section
from .script import fold
from .sentences import CLOSERS, HALF_WIDTH_END, SENTENCE_ENDS

# A sentence or paragraph may end with these (closing quotes/brackets after a full stop too).
_TERMINAL = SENTENCE_ENDS + ";"  # the sentence splitter's ends, plus a half-width ";"
_CLOSERS = CLOSERS
_HALF_WIDTH_END = re.compile(HALF_WIDTH_END + "$")
_CLAUSE_END = "，、（(“‘「『《【"
# A paragraph ending like this introduces what follows (a list, a quote): the next line is new.
_INTRODUCES = ("——", "：", ":")
_STAFF_ROLES = (
    "主编|副主编|执行主编|责任编辑|责编|编辑|美编|美术编辑|审读|审校|审核|校对|排版|版式|"
    "组版|视觉|设计|统筹|策划|制图|摄影|图片编辑|值班编辑|监制|出品"
)
_CREDIT = re.compile(rf"^(?:(?:{_STAFF_ROLES})\s*[:：/]?\s*[\u4e00-\u9fff·]{{1,4}}(?:\s[\u4e00-\u9fff]{{1,2}})?[\s、，,]*)+$")
_CREDIT_LOOSE = re.compile(rf"(?:^|\s)(?:{_STAFF_ROLES})\s*[:：]?\s*[\u4e00-\u9fff]")
_BYLINE = re.compile(r"^[□◇○]|^(?:本报|新华社|中新社|人民网|记者|通讯员|文[/／]|文\s*[|｜]|撰文|口述)"
                     r"[^。！？]{0,40}(?:记者|通讯员|报道|报导|电|摄)"
                     # "记者 王明 通讯员 李华": names only
                     r"|^(?:本报|本刊)?(?:记者|通讯员|实习生)[\s:：]*[\u4e00-\u9fff·]{2,4}"
                     r"(?:[\s、，,]+(?:(?:记者|通讯员|实习生)[\s:：]*)?[\u4e00-\u9fff·]{2,4})*$")
_CAPTION = re.compile(r"^[■▲△▼]|^(?:图为|图片[:：]|供图|资料图|（?图[:：])|(?:摄|供图|图片来源)[)）]?$")
# "■ 自贸片区：制度创新成果丰硕": a bulleted subheading ("name：slogan", no full stop, no credit), not a caption.
_BULLET_HEADING = re.compile(r"^[■▲]\s*[^：:。！？摄]{2,20}[：:—][^。！？摄]{2,24}$")
_HEADER = re.compile(
    r"客户端|APP|App|app下载|扫码|扫一扫|二维码|公众号|微信|微博|抖音|视频号|"
    r"^第?[A-Z]?\d{1,3}版|^[A-Z]\d{1,2}$|^(?:19|20)\d\d年\d{1,2}月\d{1,2}日\s*(?:星期|周)|"
    r"(?:日报|晚报|时报|商报|早报|都市报|特区报|青年报|法治报|导报|周报|新闻网)|"
    r"^[A-Z][A-Za-z .]{1,30}(?:Daily|Times|News|Post|Evening|Herald|Journal|Weekly)$|"  # "Zhengzhou Daily"
    # a page's section label on a line of its own
    r"^(?:要闻|本地|本埠|财经|经济|产经|时政|综合|社会|民生|国内|国际|评论|专题|观察|聚焦|关注|城事|视点|深度|头版)"
    r"(?:[·・]\S{1,4})?$|"
    # a web page's breadcrumb, tool bar and time stamp
    r"^(?:首页|当前位置|您的位置|你的位置|您当前的位置)\s*[>＞:：]|(?:\s[>»›]\s|＞).*(?:\s[>»›]\s|＞)|字号[:：]|分享到|打印本页|"
    r"关闭窗口|【打印】|【关闭】|浏览次数|阅读量[:：]|发布时间[:：]|^(?:19|20)\d\d[-/.年]\d{1,2}[-/.月]\d{1,2}日?\s+\d{1,2}:\d\d"
)
# "相关新闻：" on a web page: the short lines after it are links to other articles.
_RELATED = re.compile(r"^[【\[]?(?:相关新闻|相关阅读|延伸阅读|推荐阅读|相关链接|更多新闻|相关稿件)[】\]]?[:：]?$")
# Where an article jumps to another page: "（下转第3版）" ends a page's part, "（上接第1版）" opens the next.
_JUMP_TO = re.compile(r"[（(](?:下转|转第|转至|转下|下接)[^（）()]{0,12}[）)]\s*$")
_JUMP_FROM = re.compile(r"^\s*[（(](?:上接|接第|接上|紧接)[^（）()]{0,12}[）)]")
# "本报讯（记者 王明）今年以来，…": a dateline that opens the lead paragraph on the same line.
_DATELINE = re.compile(r"^(?:本报|新华社|中新社|人民网|新华网|央视网)[^。！？，,\s]{0,24}?(?:讯|电)\s*"
                       r"(?:[（(][^）)]{0,40}[）)])?\s*")
# Bracketed labels of page furniture; any other "【X】" line is a section heading ("【苏州工业园区】").
_OTHER_NOISE = re.compile(r"^(?:来源|原标题|责任编辑|编辑)[:：]|^（完）$|"
                          r"^【(?:编者按|延伸阅读|相关阅读|相关新闻|新闻链接|链接|视频|图片|图集|小贴士|记者手记|"
                          r"数读|背景|提示|热点|关注|推荐阅读)】$")
_FIGURE = re.compile(r"\d[\d.,]*\s*(?:%|％|亿|万|个|家|项|倍|元|吨|辆)")
_HEADING_MAX = 30
_TITLE_MAX = 60
_INDENT = re.compile(r"^(?:\u3000|\s{2,})")
_WORD_CHAR = re.compile(r"[\w\u3400-\u9fff]")
_HAN = re.compile(r"[\u3400-\u9fff]")
_ORNAMENT = re.compile(r"[…。.·—\-]+")  # a rule of dots or dashes (or an ellipsis line)
_FULL_STOP = re.compile(r"[。！？；]")


@dataclass(frozen=True)
class _Line:
    text: str
    indented: bool
    blank_before: bool


def clean(document: Document) -> Article:
    """Split a decoded page into meta (furniture, headline) and body sections."""
    furniture, body, byline_at = _sort_lines(_lines(document.text))
    head, body = _split_headline(body, byline_at)
    deck, title = _pick_title(head)
    paragraphs = _rejoin(body)
    sections = _sections(paragraphs)
    meta = Meta(
        title=title,
        deck=tuple(deck),
        byline=" ".join(furniture["byline"]) or None,
        credits=tuple(furniture["credits"]),
        captions=tuple(furniture["captions"]),
        header=tuple(furniture["header"]),
        other=tuple(furniture["other"]),
    )
    return Article(meta=meta, sections=sections, source=document.source, script=detect_script(document.text))


def _sort_lines(lines: list[_Line]) -> tuple[dict[str, list[str]], list[_Line], int | None]:
    """Furniture by kind, the body lines, and how many body lines stand before the first
    byline (the headline block, when there is a byline)."""
    furniture: dict[str, list[str]] = {"header": [], "credits": [], "captions": [], "other": [], "byline": []}
    body: list[_Line] = []
    byline_at = None
    related = False  # after "相关新闻：", short lines are links
    for line in lines:
        related = related or bool(_RELATED.match(line.text))
        if related and not _furniture_kind(line.text) and len(line.text) <= 40 and not _ends_sentence(line.text):
            furniture["other"].append(line.text)
            continue
        jumps, line = _split_jumps(line)
        furniture["other"].extend(jumps)
        if not line.text:
            continue
        dateline, line, folded = _split_dateline(line)
        if dateline:
            furniture["byline"].append(dateline)
        kind = _furniture_kind(line.text, folded)
        if (kind == "byline" or dateline) and byline_at is None:
            byline_at = len(body)
        if kind:
            furniture[kind].append(line.text)
        else:
            body.append(line)
    return furniture, body, byline_at


def _lines(text: str) -> list[_Line]:
    out: list[_Line] = []
    blank = True
    for raw in text.split("\n"):
        stripped = raw.strip(" \t\u3000\u00a0")
        if not stripped:
            blank = True
            continue
        out.append(_Line(stripped, bool(_INDENT.match(raw)), blank))
        blank = False
    return out


def _furniture_kind(text: str, folded: str | None = None) -> str | None:
    """``folded``: ``fold(text)`` where the caller has it already."""
    # Furniture lines are short, so a long line is never searched (a 1 MB line stays linear).
    kind = _labelled_furniture(fold(text) if folded is None else folded) if len(text) < 120 else None
    if kind is None and not _WORD_CHAR.search(text) and not _ORNAMENT.fullmatch(text):
        kind = "other"  # a line of only symbols (rules, ornaments), but keep "……" ellipsis lines
    return kind


def _labelled_furniture(text: str) -> str | None:
    """Captions, bylines, credits, header lines. The rules are written in Simplified characters
    and ``text`` comes folded (``script.fold``), so 責任編輯 and 本報記者 are furniture too."""
    if _CAPTION.search(text) and not _BULLET_HEADING.match(text):
        return "captions"
    if len(text) < 80 and (_BYLINE.search(text) or _DATELINE.fullmatch(text)):
        return "byline"
    unbracketed = text.strip("（）()〔〕[]【】")  # "（责任编辑：刘洋 校对：何静）"
    if len(text) < 80 and (_CREDIT.match(unbracketed) or len(_CREDIT_LOOSE.findall(text)) >= 2):
        return "credits"
    if len(text) <= 40 and _HEADER.search(text) and not _ends_sentence(text):
        return "header"
    if len(text) <= 40 and _OTHER_NOISE.search(text):
        return "other"
    return None


def _ends_sentence(text: str) -> bool:
    text = text.rstrip(_CLOSERS)
    return bool(text) and (text[-1] in _TERMINAL or bool(_HALF_WIDTH_END.search(text, len(text) - 2)))


def _is_body_start(text: str) -> bool:
    """The first real paragraph: sentence-shaped prose, not a headline."""
    return (len(text) >= 25 and bool(_FULL_STOP.search(text))) or text.rstrip(_CLOSERS).endswith("。")


def _split_jumps(line: _Line) -> tuple[list[str], _Line]:
    """"…占全市比重超过六成。（下转第3版）" / "（上接第1版）…": page-jump markers go to meta; the
    text around them stays, so a sentence cut by the jump is rejoined like any column break."""
    text, jumps = line.text, []
    for pattern in (_JUMP_FROM, _JUMP_TO):
        match = pattern.search(text)
        if match:
            jumps.append(match.group().strip())
            text = (text[:match.start()] + text[match.end():]).strip(" \t\u3000")
    return jumps, (line if not jumps else _Line(text, line.indented, line.blank_before))


def _split_dateline(line: _Line) -> tuple[str | None, _Line, str | None]:
    """"本报讯（记者 王明）今年以来，…" -> the dateline for the byline, the rest for the body, and
    the rest folded (None for a line too long to look at), for the furniture test that follows."""
    folded = fold(line.text) if len(line.text) < 4000 else None
    match = _DATELINE.match(folded) if folded is not None else None
    if match is None or not _is_body_start(line.text[match.end():]):
        return None, line, folded  # a dateline alone on its line is a byline like any other
    return (line.text[:match.end()].strip(), _Line(line.text[match.end():], line.indented, line.blank_before),
            folded[match.end():])  # folding keeps every character's place


def _split_headline(lines: list[_Line], byline_at: int | None = None) -> tuple[list[str], list[_Line]]:
    """Headline material is what stands before the first prose paragraph (at most a few lines)
    and before the byline: short lines between the byline and the prose are section headings."""
    for i, line in enumerate(lines[:8]):
        if byline_at is not None and 0 < byline_at < i:
            head = [ln.text for ln in lines[:byline_at]]
            if all(len(h) <= _TITLE_MAX * 2 for h in head):
                return head, lines[byline_at:]
            break
        if _is_body_start(line.text) or line.indented:
            head = [ln.text for ln in lines[:i]]
            if all(len(h) <= _TITLE_MAX * 2 for h in head):
                return head, lines[i:]
            break
    return [], lines


def _pick_title(head: list[str]) -> tuple[list[str], str | None]:
    """Kicker lines come before the main headline and subtitles (——…) after it."""
    if all(h.startswith(("—", "－", "-")) for h in head):
        return head, None
    at = max(i for i, h in enumerate(head) if not h.startswith(("—", "－", "-")))
    # A last line that carries the figures under one that carries none is the subtitle:
    # "武汉四大功能区交出亮眼成绩单" over "重点项目投资同比增长15.2%".
    if at > 0 and _FIGURE.search(head[at]) and not re.search(r"\d", head[at - 1]):
        at -= 1
    return head[:at] + head[at + 1:], head[at]


def _rejoin(lines: list[_Line]) -> list[str]:
    """Glue lines that a column or page break cut in two back into one paragraph."""
    hard_wrapped = _is_hard_wrapped(lines)
    width = sorted(len(ln.text) for ln in lines)[len(lines) * 3 // 4] if lines else 0
    paragraphs: list[_Paragraph] = []
    for line in lines:
        if paragraphs and _continues(paragraphs[-1], line, hard_wrapped, width):
            paragraphs[-1].add(line.text)
        else:
            paragraphs.append(_Paragraph(line.text))
    return [p.text for p in paragraphs]


_PAIRS = ("“”", "（）", "《》", "「」", "『』", "()")


class _Paragraph:
    """A paragraph being glued together from lines. What ``_continues`` asks about it (length,
    last characters, open brackets, whether it ends a sentence) is kept up to date line by
    line, so adding a line costs that line's length, not the paragraph's: a page cut into
    thousands of lines stays linear."""

    def __init__(self, line: str):
        self.parts = [line]
        self.last_line = line
        self.length = len(line)
        self.tail = line[-8:]  # enough for every ending tested (_INTRODUCES, _CLAUSE_END)
        self.open = [line.count(a) - line.count(b) for a, b in _PAIRS]

    def add(self, line: str) -> None:
        self.last_line = line
        if self.tail[-1:].isascii() and self.tail[-1:].isalnum() and line[:1].isascii() and line[:1].isalnum():
            line = " " + line  # two Latin words cut apart
        self.parts.append(line)
        self.length += len(line)
        self.tail = (self.tail + line[-8:])[-8:]
        self.open = [n + line.count(a) - line.count(b) for n, (a, b) in zip(self.open, _PAIRS)]

    @property
    def text(self) -> str:
        return "".join(self.parts)

    @property
    def one_line(self) -> bool:
        return len(self.parts) == 1

    @property
    def unbalanced(self) -> bool:
        return any(n > 0 for n in self.open)

    @property
    def ends_sentence(self) -> bool:
        return _ends_sentence(self.tail)


def _is_hard_wrapped(lines: list[_Line]) -> bool:
    """Text wrapped at a fixed width: most lines follow one another with no blank between."""
    if len(lines) < 6:
        return False
    adjacent = sum(1 for ln in lines[1:] if not ln.blank_before)
    lengths = [len(ln.text) for ln in lines]
    counts = Counter(lengths)
    mode = max(set(lengths), key=counts.__getitem__)
    at_width = [ln.text for ln in lines if abs(len(ln.text) - mode) <= 2]
    # Wrapped lines stop wherever the width runs out, so few of them end a sentence.
    ending = sum(1 for t in at_width if _ends_sentence(t))
    return (adjacent >= 0.6 * (len(lines) - 1) and mode >= 10 and len(at_width) >= 0.4 * len(lines)
            and ending < 0.5 * len(at_width))


def _continues(paragraph: _Paragraph, line: _Line, hard_wrapped: bool, width: int) -> bool:
    previous_line = paragraph.last_line
    if line.text[0] in "，。、；：！？）》」』”,.;:!?)":
        return True  # a line never starts with these unless it was cut
    if line.indented and hard_wrapped:
        return False
    if hard_wrapped and not line.blank_before:
        if paragraph.one_line and _looks_like_heading(previous_line) and len(previous_line) < 0.7 * width:
            return False
        # A wrapped paragraph's last line is the short one that ends a sentence.
        return not (_ends_sentence(previous_line) and len(previous_line) < 0.9 * width)
    if paragraph.unbalanced or (len(line.text) <= 6 and _ends_sentence(line.text)):
        return True  # an open quote or bracket, or a stub like "距”；" that finishes the line before
    if paragraph.ends_sentence or paragraph.tail.endswith(_INTRODUCES):
        return False
    if paragraph.tail[-1] in _CLAUSE_END:
        return True
    # A short line without a full stop is a heading; a long one was cut mid-sentence.
    return paragraph.length > _HEADING_MAX and not _looks_like_heading(line.text)


def _unbalanced(text: str) -> bool:
    return any(text.count(a) > text.count(b) for a, b in _PAIRS)


def _looks_like_heading(text: str) -> bool:
    if len(text) > _HEADING_MAX or _ends_sentence(text) or _unbalanced(text) or not _HAN.search(text):
        return False
    if text[-1] in _CLAUSE_END or text.endswith(_INTRODUCES) or _ORNAMENT.fullmatch(text):
        return False
    return True


def _sections(paragraphs: list[str]) -> tuple[Section, ...]:
    sections: list[tuple[str, list[str]]] = [("", [])]
    for text in paragraphs:
        if _looks_like_heading(text):
            sections.append((text, []))
        else:
            sections[-1][1].append(text)
    out: list[Section] = []
    index = 0
    for heading, texts in sections:
        if not heading and not texts:
            continue
        paras = []
        for text in texts:
            paras.append(Paragraph(text=text, section=heading, index=index))
            index += 1
        out.append(Section(heading=heading, paragraphs=tuple(paras)))
    return tuple(out)


# Characters that exist (as such) only in one of the two scripts; a few dozen frequent ones suffice.
_TRAD_ONLY = set("這個們來時對會說區業產與發經濟們國過還點開關讓體學動機長門後見現實處從頭專"
                 "資際華東將區號務團財樂態邊運項邁構總層務築臺灣為會與廣雲龍")
_SIMP_ONLY = set("这个们来时对会说区业产与发经济国过还点开关让体学动机长门后见现实处从头专"
                 "资际华东将号务团财乐态边运项迈构总层筑台湾为广云龙")
# counted by one regex scan each (a Python loop over every character took a fifth of clean-up)
_TRAD_CHARS = re.compile(f"[{''.join(sorted(_TRAD_ONLY))}]")
_SIMP_CHARS = re.compile(f"[{''.join(sorted(_SIMP_ONLY))}]")


def detect_script(text: str) -> str:
    trad = len(_TRAD_CHARS.findall(text))
    simp = len(_SIMP_CHARS.findall(text))
    return "traditional" if trad > simp else "simplified"
