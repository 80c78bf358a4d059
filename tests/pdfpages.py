"""Newspaper pages as PDFs, typeset with reportlab at test time (no fonts to download).

A page is a header strip (masthead, date, page number, section label, editor credits,
a full-width rule) over rows of stories, with rules between rows and between stories.
Each story has an optional kicker, a headline in a big font, an optional byline,
paragraphs and section headings set in justified columns (first lines indented two
characters, as Chinese papers do), and an optional picture with a ■ caption at the
foot of its last column. ``render`` reports the columns each paragraph landed in, so a
test can pick the paragraph that runs from one column into the next.

The text is ours, written for these tests; the zones are invented.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path

FONT = "STSong-Light"  # reportlab's built-in CID font: Adobe's, needs no font file
PAGE_W, PAGE_H = 842.0, 1191.0  # A3, a common e-paper page size
MARGIN, GUTTER = 36.0, 14.0
BODY, LEADING = 10.5, 16.0
HEADLINE, KICKER, HEADING, CAPTION = 26.0, 14.0, 12.0, 9.0
PICTURE_H = 110.0
NO_LINE_START = "，。、；：！？）”’》」…"  # punctuation a line may not start with


@dataclass
class Story:
    title: str
    paragraphs: list[str]  # a paragraph starting with "## " is a section heading
    kicker: str | None = None
    byline: str | None = None
    caption: str | None = None  # draws a picture with this caption in the last column
    columns: int = 3
    centred: bool = True  # headline centred over the story, else flush left


@dataclass
class Page:
    rows: list[list[Story]]
    masthead: str = "临江日报"
    date: str = "2024年4月15日 星期一"
    page_label: str = "第3版"
    section: str = "聚焦"
    credits: str = "主编 张 明 美编 李晓萌 审读 王 岩 排版 赵一凡"
    grid: int = 3  # columns on the page
    rules: bool = True  # rules under the header, between rows and between stories


@dataclass
class Placed:
    """Where one story's paragraphs landed: the page columns each one occupies."""

    story: Story
    columns: list[set[int]] = field(default_factory=list)  # per paragraph


def render(pages: Page | list[Page], path: Path) -> list[Placed]:
    """Write one PDF page per Page; return where every story's paragraphs landed."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    c = canvas.Canvas(str(path), pagesize=(PAGE_W, PAGE_H))
    placed: list[Placed] = []
    for page in pages if isinstance(pages, list) else [pages]:
        placed.extend(_page(_Setter(c, page.rules), page))
        c.showPage()
    c.save()
    return placed


def _page(setter: "_Setter", page: Page) -> list[Placed]:
    top = setter.header(page)
    colw = (PAGE_W - 2 * MARGIN - (page.grid - 1) * GUTTER) / page.grid
    placed: list[Placed] = []
    for r, row in enumerate(page.rows):
        if r:
            setter.rule(MARGIN, PAGE_W - MARGIN, top - 10)
        start, bottom = 0, top
        for s, story in enumerate(row):
            x0 = MARGIN + start * (colw + GUTTER)
            if s:
                setter.vrule(x0 - GUTTER / 2, top, None)
            info = Placed(story)
            bottom = max(bottom, setter.story(story, x0, top, colw, start, info))
            placed.append(info)
            start += story.columns
        setter.close_vrules(bottom)
        top = bottom + 22
    if top - 22 > PAGE_H - MARGIN:
        raise ValueError("the stories do not fit on the page")
    return placed


def expected_text(story: Story) -> str:
    """The article text read_pdf should give back for a story."""
    head = "\n".join(x for x in (story.kicker, story.title) if x)
    body = [p[3:] if p.startswith("## ") else p for p in story.paragraphs]
    parts = [head, *([story.byline] if story.byline else []), *body,
             *([story.caption] if story.caption else [])]
    return "\n\n".join(parts) + "\n"


class _Setter:
    """A small typesetter on a reportlab canvas, measuring in top-down points."""

    def __init__(self, c, rules: bool = True) -> None:
        from reportlab.pdfbase.pdfmetrics import stringWidth

        self.c, self.width_of, self.rules = c, stringWidth, rules
        self.open_vrules: list[tuple[float, float]] = []
        self.font = FONT

    def text(self, x: float, top: float, text: str, size: float, char_space: float = 0.0,
             font: str | None = None) -> None:
        self.c.setFont(font or self.font, size)
        self.c.drawString(x, PAGE_H - top - 0.88 * size, text, charSpace=char_space)

    def rule(self, x0: float, x1: float, top: float, weight: float = 1.0) -> None:
        if not self.rules:
            return
        self.c.setLineWidth(weight)
        self.c.line(x0, PAGE_H - top, x1, PAGE_H - top)

    def vrule(self, x: float, top: float, bottom: float | None) -> None:
        if bottom is None:
            self.open_vrules.append((x, top))
        elif self.rules:
            self.c.setLineWidth(0.6)
            self.c.line(x, PAGE_H - top, x, PAGE_H - bottom)

    def close_vrules(self, bottom: float) -> None:
        for x, top in self.open_vrules:
            self.vrule(x, top, bottom)
        self.open_vrules = []

    def header(self, page: Page) -> float:
        self.text(MARGIN, 30, page.masthead, 40)
        right = PAGE_W - MARGIN
        for i, (text, size) in enumerate([(page.date, 10.5), (page.page_label, 10.5)]):
            self.text(right - self.width_of(text, FONT, size), 34 + 16 * i, text, size)
        self.text(right - 240, 34, page.section, 18)
        self.text(MARGIN, 84, page.credits, 9)
        self.rule(MARGIN, right, 100, 2.0)
        return 116.0

    def wrap(self, text: str, width: float, size: float, indent: float = 0.0) -> list[tuple[str, bool]]:
        """Greedy line breaks by glyph width; (line, is_last) pairs."""
        lines: list[tuple[str, bool]] = []
        line, avail = "", width - indent
        for ch in text:
            if self.width_of(line + ch, self.font, size) > avail and line:
                carry = line[-1] if ch in NO_LINE_START and len(line) > 1 else ""
                lines.append((line[: len(line) - len(carry)], False))  # no line starts with ，
                line, avail = carry, width
            line += ch
        lines.append((line, True))
        return lines

    def justified(self, x: float, top: float, line: str, width: float, size: float, last: bool) -> None:
        natural = self.width_of(line, FONT, size)
        space = 0.0 if last or len(line) < 2 else (width - natural) / (len(line) - 1)
        self.text(x, top, line, size, space)

    def story(self, story: Story, x0: float, top: float, colw: float, first_col: int,
              info: Placed) -> float:
        """Set one story; return the bottom of what it used."""
        frame_w = story.columns * colw + (story.columns - 1) * GUTTER
        if story.kicker:
            w = self.width_of(story.kicker, FONT, KICKER) if story.centred else frame_w
            self.text(x0 + (frame_w - w) / 2, top, story.kicker, KICKER)
            top += KICKER * 1.6
        for line, _ in self.wrap(story.title, frame_w, HEADLINE):
            w = self.width_of(line, FONT, HEADLINE) if story.centred else frame_w
            self.text(x0 + (frame_w - w) / 2, top, line, HEADLINE)
            top += HEADLINE * 1.3
        top += 10
        # slots: (kind, text, paragraph index, height, is_last)
        slots: list[tuple[str, str, int, float, bool]] = []
        if story.byline:
            slots.append(("byline", story.byline, -1, LEADING * 1.5, True))
        for p, para in enumerate(story.paragraphs):
            if para.startswith("## "):
                slots.append(("heading", para[3:], p, LEADING * 2, True))
                continue
            for i, (line, last) in enumerate(self.wrap(para, colw, BODY, indent=2 * BODY)):
                slots.append(("first" if i == 0 else "body", line, p, LEADING, last))
        picture = PICTURE_H + 8 + (LEADING * len(self.wrap(story.caption, colw, CAPTION))
                                   if story.caption else 0)
        total = sum(s[3] for s in slots) + (picture if story.caption else 0)
        target = math.ceil(total / story.columns / LEADING) * LEADING + LEADING
        info.columns = [set() for _ in story.paragraphs]
        col, y, bottom = 0, top, top
        for kind, text, p, height, last in slots:
            room = target - (picture if story.caption and col == story.columns - 1 else 0)
            if y - top + height > room and col < story.columns - 1:
                col, y = col + 1, top
            x = x0 + col * (colw + GUTTER)
            if kind == "heading":
                w = self.width_of(text, FONT, HEADING)
                self.text(x + (colw - w) / 2, y + LEADING * 0.5, text, HEADING)
            elif kind == "byline":
                self.text(x, y, text, BODY)
            else:
                indent = 2 * BODY if kind == "first" else 0.0
                self.justified(x + indent, y, text, colw - indent, BODY, last)
            if p >= 0:
                info.columns[p].add(first_col + col)
            y += height
            bottom = max(bottom, y)
        if story.caption:
            x = x0 + (story.columns - 1) * (colw + GUTTER)
            y = max(y, top + target - picture) + 4
            self.c.setFillGray(0.75)
            self.c.rect(x, PAGE_H - y - PICTURE_H, colw, PICTURE_H, stroke=0, fill=1)
            self.c.setFillGray(0)
            y += PICTURE_H + 6
            for line, _ in self.wrap(story.caption, colw, CAPTION):
                self.text(x, y, line, CAPTION)
                y += LEADING
            bottom = max(bottom, y)
        return bottom


def probe_page(path: Path) -> None:
    """Text PDFium cannot measure, in STSong-Light (not embedded, as many non-publisher PDFs set
    CJK): vertical writing (a -V CMap), a one-character text object, a line printed twice 0.3 pt
    apart (a bold effect), rotated text and text under a 0.5 scale."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    vertical = UnicodeCIDFont("STSong-Light", isVertical=True)
    vertical.name = vertical.fontName = "STSong-Light-V"
    pdfmetrics.registerFont(vertical)
    c = canvas.Canvas(str(path), pagesize=(400, 400))
    c.setFont("STSong-Light-V", 20)
    c.drawString(300, 350, "竖排标题")
    c.setFont("STSong-Light", 12)
    c.drawString(20, 350, "本")
    c.drawString(40, 350, "加粗的一行")
    c.drawString(40.3, 350.2, "加粗的一行")
    c.saveState()
    c.translate(100, 100)
    c.rotate(90)
    c.drawString(0, 0, "旋转的说明")
    c.restoreState()
    c.saveState()
    c.scale(0.5, 0.5)
    c.drawString(40, 200, "缩放文字")
    c.restoreState()
    c.save()


def scanned_page(path: Path) -> None:
    """A page with pictures and shapes but no text layer, like a scan."""
    from PIL import Image, ImageDraw
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    img = Image.new("L", (400, 560), 255)
    draw = ImageDraw.Draw(img)
    for i in range(40):  # grey bars where the columns of text would be
        draw.rectangle((20 + 130 * (i % 3), 40 + 12 * (i // 3), 140 + 130 * (i % 3), 46 + 12 * (i // 3)), fill=60)
    c = canvas.Canvas(str(path), pagesize=(PAGE_W, PAGE_H))
    c.drawImage(ImageReader(img), 0, 0, PAGE_W, PAGE_H)
    c.rect(40, 40, 200, 100, fill=1)
    c.showPage()
    c.save()


# --- sample pages -------------------------------------------------------------------------

ZONES = ("临江滨海新区", "云栖湾", "东岸科创走廊", "临江综合保税区")  # the first and last are in configs/gazetteers

ARENA = Story(
    kicker="一场晒成绩、找差距、比干劲的现场会",
    title="四大功能区同台比拼 临江争当发展排头兵",
    byline="□临江日报记者 周新雨 陈 朗",
    caption="■云栖湾建设中的海上风电运维基地。",
    paragraphs=[
        "4月12日上午，全市重点功能区建设现场推进会在市民中心召开。四个重点功能区依次登台，"
        "晒出一季度成绩单，讲清存在的短板，亮出下一阶段的目标和举措，现场气氛热烈。",
        "这是一次比成绩的擂台，也是一次找差距的考场。各功能区负责人表示，将以这次推进会为起点，"
        "把压力转化为动力，在招商引资和项目建设上继续加力提速。",
        "## 比成绩：项目落地跑出加速度",
        "临江滨海新区一季度新签约项目二十六个，总投资三百一十亿元，其中过十亿元项目九个。"
        "新区聚焦海洋装备、新能源和现代物流三大主导产业，组建六支专业招商小分队，"
        "赴长三角、珠三角开展精准招商，引进的氢能重卡整车项目已完成备案，"
        "港口冷链物流园二期主体结构封顶，滨海大道东延工程提前一个月通车。",
        "云栖湾把海上风电作为突破口，运维基地一期投入使用，三家整机企业的区域总部相继落户。"
        "一季度湾区规上工业产值增长百分之十八点六，增速居全市功能区首位。",
        "东岸科创走廊围绕人工智能和生物医药两条主线，新建概念验证中心两个，"
        "孵化科技型中小企业四十七家，十二项科技成果在走廊内实现转化。",
        "## 找差距：短板弱项必须正视",
        "推进会上，各功能区没有回避问题。有的坦言龙头项目偏少，产业链条不够完整；"
        "有的承认审批服务还不够快，企业反映的问题没有及时解决。",
        "临江综合保税区负责人说，数据中心的能耗指标和人才公寓的供给是眼下最突出的两块短板，"
        "必须在二季度拿出切实可行的解决办法。",
    ],
)

TARGETS = Story(
    title="锚定全年目标 冲刺“双过半”",
    byline="□临江日报记者 许 晴",
    paragraphs=[
        "围绕全年目标，四个功能区在推进会上逐一亮出二季度的任务清单和时间表。",
        "临江滨海新区将开工建设海洋装备产业园三期，力争全年引进过五十亿元项目三个，"
        "推动港产城融合发展取得新突破。",
        "云栖湾计划再建两座海上升压站，年内建成风电装备检测认证中心，"
        "并同步推进湾区综合交通枢纽的前期工作。",
        "东岸科创走廊将新增孵化载体二十万平方米，全年引育高新技术企业一百家以上。",
        "临江综合保税区将加快算力中心二期建设，年底前上线城市数据开放平台。",
    ],
)

NOTE = Story(
    title="短评：比出干劲 赛出实绩",
    columns=1,
    paragraphs=[
        "擂台赛比的是成绩，赛的是作风。功能区是城市发展的主阵地，"
        "只有把目标变成项目、把项目变成投资，才能在竞争中赢得主动。",
        "希望各功能区以这次推进会为新的起点，拉高标杆、补齐短板，"
        "用实打实的业绩回答好发展之问。",
    ],
)


def two_story_page() -> Page:
    """The issue's case: a three-column page with two stacked articles."""
    return Page(rows=[[ARENA], [TARGETS]])


def side_by_side_page() -> Page:
    """A long article over two columns beside a one-column commentary, then a full-width one."""
    wide = Story(ARENA.title, ARENA.paragraphs, ARENA.kicker, ARENA.byline, ARENA.caption, columns=2)
    return Page(rows=[[wide, NOTE], [TARGETS]])


# --- a publisher's e-paper page -----------------------------------------------------------------
#
# The layouts of a page as Founder-style layout software exports it (../shared/real-epaper/),
# built from our own text: a masthead that is a picture with the paper's English name set in
# words placed apart; a date line whose day is set apart in a bigger size; a boxed notice at the
# top right; a banner slogan across the page with no text under it; a headline with a subtitle
# beside it in smaller type; a two-line headline whose first line is letter-spaced; a picture two
# columns wide with its caption in body type across both; a commentary set in its own face on a
# grid a few points off the page's; a label set vertically, one character under the other; the
# editors' line and the page number in white on a bar across the foot; a headline printed twice
# a hair apart (a bold effect).

EPAPER_FONT, FACE = "EpaperSong", "EpaperFangsong"  # embedded; the second is the commentary's face

EPAPER_DATE = ("2024年4月", "15", "日", "星期一")
EPAPER_NOTICE = ("4月15日出版的第8期", "刊发重要文章：", "《论功能区建设》")
EPAPER_BANNER = "奋力打造现代化滨海新城"
EPAPER_LABEL = "本版导读"
EPAPER_FOOT = "临江日报社出版 电话：0571-12345678"

EPAPER_A = Story(
    title="滨海新区项目加快落地",
    kicker=None,
    byline="本报讯（记者 周新雨 通讯员 陈 朗）",
    caption="海洋装备产业园三期开工。 本报记者 周新雨 摄",
    paragraphs=[
        "本报讯（记者 周新雨 通讯员 陈 朗）4月12日，滨海新区一季度重点项目推进会召开，"
        "新签约项目二十六个，总投资三百一十亿元，其中过十亿元项目九个。",
        "新区聚焦海洋装备、新能源和现代物流三大主导产业，组建六支专业招商小分队，"
        "赴长三角、珠三角开展精准招商，引进的氢能重卡整车项目已完成备案。",
        "港口冷链物流园二期主体结构封顶，滨海大道东延工程提前一个月通车，"
        "海洋装备产业园三期当天开工建设。",
        "下一步，新区将围绕全年目标，逐月排定项目清单，确保二季度新开工项目十个以上。",
    ],
)
EPAPER_A_SUBTITLE = ("市长出席并讲话", "各功能区负责人参加")
EPAPER_B = Story(
    title="临江自贸片区一季度进出口增长两成",
    paragraphs=[
        "本报讯 4月12日，记者从临江自贸片区获悉，一季度片区实现进出口总额一百八十亿元，"
        "同比增长百分之二十一，跨境电商业务量翻了一番。",
        "片区持续推进制度创新，新推出通关便利化举措十二项，企业平均通关时间压缩到两小时以内。",
        "片区负责人表示，二季度将加快保税维修和数字贸易等新业态落地，力争上半年进出口增长两成以上。",
    ],
)
EPAPER_B_LINES = ("临江自贸片区", "一季度进出口增长两成")
EPAPER_C = Story(
    title="短评：比出干劲",
    byline="□ 林 木",
    paragraphs=[
        "项目是发展的生命线。",
        "一季度的成绩来之不易，靠的是招商一线的脚力和审批窗口的效率，更靠的是干部敢于担当的作风。",
        "比成绩，更要比后劲。",
        "希望各功能区拉高标杆、补齐短板，把目标变成项目，把项目变成投资，用实打实的业绩回答好发展之问。",
    ],
)


def epaper_page(path: Path) -> None:
    """Write the e-paper page (one A3 page) to ``path``."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    from cjkfont import build_font

    text = "".join([*EPAPER_DATE, *EPAPER_NOTICE, EPAPER_BANNER, EPAPER_LABEL, EPAPER_FOOT, "临江日报社主管主办A03",
                    EPAPER_A.title, EPAPER_A.caption, *EPAPER_A.paragraphs, *EPAPER_A_SUBTITLE, *EPAPER_B_LINES,
                    *EPAPER_B.paragraphs, EPAPER_C.title, EPAPER_C.byline, *EPAPER_C.paragraphs])
    for name in (EPAPER_FONT, FACE):
        pdfmetrics.registerFont(TTFont(name, str(build_font(path.with_name(name + ".ttf"), name, text))))
    c = canvas.Canvas(str(path), pagesize=(PAGE_W, PAGE_H))
    s = _Setter(c)
    s.font = EPAPER_FONT
    right = PAGE_W - MARGIN
    # header: the masthead is a picture; the English name is words placed apart
    c.setFillGray(0.6)
    c.rect(MARGIN, PAGE_H - 70, 260, 50, stroke=0, fill=1)
    c.setFillGray(0)
    x = MARGIN
    for word in ("LINJIANG", "DAILY"):
        c.setFont("Helvetica", 18)
        c.drawString(x, PAGE_H - 78 - 0.88 * 18, word)
        x += c.stringWidth(word, "Helvetica", 18) + 9  # half an em apart, no space glyph
    x = MARGIN
    for part, size in zip(EPAPER_DATE, (12, 22, 12, 12)):  # the day set apart and bigger
        s.text(x, 104 + (0 if size == 12 else -6), part, size)
        x += s.width_of(part, s.font, size) + 8
    s.text(x + 24, 106, "临江日报社主管主办", 10)
    c.setLineWidth(1.2)  # the boxed notice
    c.rect(560, PAGE_H - 132, right - 560, 112, stroke=1, fill=0)
    for i, (line, size) in enumerate(zip(EPAPER_NOTICE, (16, 16, 26))):
        s.text(572, 30 + 26 * i, line, size)
    s.rule(MARGIN, right, 142, 2.0)
    # a banner slogan across the page, letter-spaced, with nothing under it
    banner_space = (right - MARGIN - 40 - s.width_of(EPAPER_BANNER, s.font, 24)) / (len(EPAPER_BANNER) - 1)
    s.text(MARGIN + 20, 156, EPAPER_BANNER, 24, char_space=banner_space)
    s.rule(MARGIN, right, 196, 0.8)
    half = (right - MARGIN - 2 * GUTTER) / 2
    left_x, right_x = MARGIN, MARGIN + half + 2 * GUTTER
    # article A: headline (printed twice, a hair apart) with its subtitle beside it, smaller
    for dx in (0.0, 0.3):
        s.text(left_x + (half - s.width_of(EPAPER_A.title, s.font, 32)) / 2 + dx, 212, EPAPER_A.title, 32)
    x = left_x + 60
    for phrase in EPAPER_A_SUBTITLE:
        s.text(x, 254, phrase, 15)
        x += s.width_of(phrase, s.font, 15) + 15  # the phrases an em apart
    colw = (half - 2 * GUTTER) / 3
    c.setFillGray(0.75)  # a picture two columns wide, placed larger than its frame and clipped
    c.saveState()
    path_ = c.beginPath()
    path_.rect(left_x + colw + GUTTER, PAGE_H - 410, 2 * colw + GUTTER, 120)
    c.clipPath(path_, stroke=0, fill=0)
    c.rect(left_x + colw + GUTTER - 40, PAGE_H - 440, 2 * colw + GUTTER + 140, 200, stroke=0, fill=1)
    c.restoreState()
    c.setFillGray(0)
    s.text(left_x + colw + GUTTER + 20, 416, EPAPER_A.caption, BODY)
    bottom_a = _flow(s, EPAPER_A.paragraphs, left_x, 290, colw, 3, tops=(290, 440, 440))
    # article B: a two-line headline, the first line letter-spaced to the width of the second
    wide = s.width_of(EPAPER_B_LINES[1], s.font, 28)
    space = (wide - s.width_of(EPAPER_B_LINES[0], s.font, 28)) / (len(EPAPER_B_LINES[0]) - 1)
    x = right_x + (half - wide) / 2
    s.text(x, 212, EPAPER_B_LINES[0], 28, char_space=space)
    s.text(x, 248, EPAPER_B_LINES[1], 28)
    colw_b = (half - GUTTER) / 2
    _flow(s, EPAPER_B.paragraphs, right_x, 294, colw_b, 2)
    # article C under A: a commentary in its own face, on a grid four points to the right
    top_c = bottom_a + 30
    s.text(left_x + 4 + (half - s.width_of(EPAPER_C.title, FACE, 22)) / 2, top_c, EPAPER_C.title, 22, font=FACE)
    s.text(left_x + 4, top_c + 40, EPAPER_C.byline, BODY, font=FACE)
    _flow(s, EPAPER_C.paragraphs, left_x + 4, top_c + 40 + LEADING, (half - 4 - GUTTER) / 2, 2, font=FACE)
    # a label set vertically in the margin, one character under the other
    for i, ch in enumerate(EPAPER_LABEL):
        s.text(12, 320 + 14 * i, ch, 12)
    # the foot: a bar with the editors' line and the page number on it, in white
    c.setFillColorRGB(0.1, 0.3, 0.6)
    c.rect(MARGIN, PAGE_H - 1166, right - MARGIN, 18, stroke=0, fill=1)
    c.setFillColorRGB(1, 1, 1)
    s.text(MARGIN + 10, 1151, EPAPER_FOOT, 9)
    s.text(right - 10 - s.width_of("A03", s.font, 12), 1150, "A03", 12)
    c.showPage()
    c.save()


def _flow(s: "_Setter", paragraphs: list[str], x0: float, top: float, colw: float, columns: int,
          tops: tuple[float, ...] = (), font: str | None = None) -> float:
    """Set paragraphs in justified columns (first lines indented two characters), the same number
    of lines in each; ``tops`` gives each column its own top. Returns the bottom."""
    lines = []
    for para in paragraphs:
        for i, (line, last) in enumerate(s.wrap(para, colw, BODY, indent=2 * BODY)):
            lines.append((line, i == 0, last))
    per_column = math.ceil(len(lines) / columns)
    bottom = top
    for k, (line, first, last) in enumerate(lines):
        col, row = divmod(k, per_column)
        x = x0 + col * (colw + GUTTER) + (2 * BODY if first else 0)
        y = (tops[col] if tops else top) + row * LEADING
        width = colw - (2 * BODY if first else 0)
        natural = s.width_of(line, font or s.font, BODY)
        space = 0.0 if last or len(line) < 2 else (width - natural) / (len(line) - 1)
        s.text(x, y, line, BODY, space, font=font)
        bottom = max(bottom, y + LEADING)
    return bottom
