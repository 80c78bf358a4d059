"""``python -m zonesum.cli``: the same as the ``zonesum`` command."""
from . import main

main()
