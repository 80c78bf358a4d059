"""A PDF page -> ``PageResult``: the PDF reader splits the page, the article pipeline runs on each article."""
from __future__ import annotations

from pathlib import Path

from ..backends.factory import Backends, get_backends
from ..config import Config
from ..result import PageArticle, PageMetaOut, PageResult, SourceOut
from .article import as_config, run_text


def run_pdf(path: str | Path, config: Config | str | None = None, *, offline: bool = False,
            backends: Backends | None = None) -> PageResult:
    """Read a PDF page and run the text pipeline on each article, as on a .txt file.

    An article in which no zone is found is kept with its summary and a note.
    """
    from ..pdf.reader import read_pdf  # the PDF reader's modules load only for a PDF

    config = as_config(config)
    page = read_pdf(path)
    backends = backends or get_backends(config, offline=offline)  # load models once for the page
    articles = []
    for n, article in enumerate(page.articles, 1):
        result = run_text(article.text, config, offline=offline, backends=backends, path=f"{path}#article-{n}",
                          headline=(article.title, article.deck) if article.title else None)
        articles.append(PageArticle(title=article.title, page=article.page, columns=article.columns,
                                    note=result.note, result=result))
    m = page.meta
    return PageResult(
        source=SourceOut(path=str(path), encoding="pdf", sha256=page.sha256,
                         size_bytes=page.size_bytes, script=articles[0].result.source.script if articles else "simplified"),
        page=PageMetaOut(masthead=m.masthead, page_number=m.page_number, date=m.date, section=m.section,
                         credits=list(m.credits), other=list(m.other)),
        pages=page.pages, articles=articles,
        warnings=[] if any(a.result.zones for a in articles) else [f"{path}: no zone found in any article"],
    )
