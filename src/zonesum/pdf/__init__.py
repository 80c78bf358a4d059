"""PDF e-paper pages -> page furniture plus each article as plain text (what a .txt input holds).

Owns: ``reader`` (the PDF's glyphs, rules and pictures; scanned and broken files refused),
``layout`` (characters -> lines -> columns), ``articles`` (headlines, bands, reading
order) and ``furniture`` (masthead, date, page number, credits). May import only the
foundation (``errors``); the article pipeline runs on its output from ``pipeline.page``.
"""
