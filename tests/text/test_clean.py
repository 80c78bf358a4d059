from zonesum.text.clean import clean
from zonesum.text.ingest import decode, read_document

from articles import EXAMPLE, QINGDAO, needs_shared


@needs_shared
def test_clean_qingdao_furniture_goes_to_meta():
    article = clean(read_document(QINGDAO))
    meta = article.meta
    assert meta.title == "竞逐更快更高更强，青岛九大功能区“打擂”"
    assert meta.deck and meta.deck[0].startswith("一场展实绩")
    assert meta.byline.startswith("□青岛日报")
    assert meta.credits == ("主编 马晓月 美编 李晓萌 审读 王 岩 排版 戚晓明",)
    assert len(meta.captions) == 2 and all(c.startswith("■") for c in meta.captions)
    assert any("客户端" in h for h in meta.header)
    body = "\n".join(p.text for p in article.paragraphs)
    for furniture in ("客户端", "主编", "□", "■", "青島日報"):
        assert furniture not in body


@needs_shared
def test_clean_qingdao_rejoins_the_three_column_breaks():
    texts = [p.text for p in clean(read_document(QINGDAO)).paragraphs]
    for joined in ("全市首家四星级芯屏产业人才公寓启用", "铆足“比”的劲头、增强“学”的主动", "清原基因编辑产业园竣工"):
        assert sum(joined in t for t in texts) == 1, joined
    # the continuation lines are not paragraphs of their own
    assert not any(t.startswith(("家四星级", "头、增强", "园竣工")) for t in texts)


@needs_shared
def test_clean_qingdao_finds_the_three_section_headings():
    headings = [s.heading for s in clean(read_document(QINGDAO)).sections if s.heading]
    assert headings == ["同台竞技，展实绩、亮风采", "直面问题，理思路、提成效", "争先进位，定目标、抓落实"]


def test_clean_example_article():
    article = clean(read_document(EXAMPLE))
    assert article.meta.title == "临江六大功能区“比学赶超”晒家底"
    assert article.meta.byline.startswith("□临江日报记者")
    texts = [p.text for p in article.paragraphs]
    assert any("全市首个航空冷链中心投入试运行" in t for t in texts)
    assert any("营商环境与先进地区相比仍有差距”；" in t for t in texts)
    assert [s.heading for s in article.sections if s.heading] == [
        "晒出成绩，比拼真功夫", "正视短板，找准突破口", "锚定目标，奋力冲刺二季度"]


def test_clean_hard_wrapped_text_with_indented_paragraphs():
    para1 = "临江滨海新区坚持向海图强，一季度实现地区生产总值412亿元，增长8.1%，新签约项目27个。"
    para2 = "临江航空枢纽加快建设步伐，机场三期扩建工程完成投资18亿元，新开国际货运航线3条。"
    width = 20
    lines = []
    for para in (para1, para2, para1, para2):
        wrapped = [para[i:i + width] for i in range(0, len(para), width)]
        lines += ["\u3000\u3000" + wrapped[0], *wrapped[1:]]
    article = clean(decode(("标题行\n\n" + "\n".join(lines)).encode()))
    texts = [p.text for p in article.paragraphs]
    assert texts == [para1, para2, para1, para2]


def test_clean_one_paragraph_per_line_without_blank_lines():
    text = "临江功能区晒成绩\n" + "\n".join(
        f"第{i}段说明情况，项目建设进展顺利{'，各项指标稳中有进' * (i % 3)}，发展态势良好。" for i in range(8))
    article = clean(decode(text.encode()))
    assert len(article.paragraphs) == 8
