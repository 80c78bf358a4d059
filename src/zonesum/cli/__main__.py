"""``python -m zonesum.cli``: the same as the ``zonesum`` command."""
from .main import main

main()
