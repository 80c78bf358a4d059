"""PDF e-paper pages -> page furniture plus each article as plain text (what a .txt input holds).

Owns: ``engine`` (each page's glyphs, rules and pictures, read with PDFium), ``reader``
(pages -> furniture and article texts; scanned and broken files refused), ``layout``
(characters -> lines -> columns), ``articles`` (headlines, regions, reading order) and
``furniture`` (masthead, date, page number, credits). May import only the foundation
(``errors``); the article pipeline runs on its output from ``pipeline.page``.
"""
