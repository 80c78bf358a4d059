"""``zonesum bench``: translation and summary speed on random models of the real models' shapes.

Owns: ``driver`` (``run_bench``), ``workload`` (the plan and the example's zone texts),
``paths`` (each timed path in its own process), ``report`` (the JSON-ready report and its
text) and ``randommodels`` (random checkpoints of real architectures, which the tests also
build in tiny shapes). May import ``pipeline`` and everything below it; never ``cli``.
"""
