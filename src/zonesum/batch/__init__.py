"""``zonesum batch`` as a library: many inputs in parallel, resumable, safe to kill.

Owns: ``driver`` (``run_batch``: plan, skip what is up to date, write every file),
``inputs`` (files, folders and globs, safe output stems), ``state`` (per-input records, the
index), ``worker`` (one page in, a rendered brief out), ``local_engine`` (worker processes),
``server`` and ``preload`` (the fork server they are forked from, with the pipeline loaded) and
``ray_engine`` (Ray actors). May import ``pipeline``, ``writers``, ``backends`` and the
foundation; never ``cli``.
"""
