"""Where the bundled data lives: rulebooks, the session catalogue and the examples.

They ship inside the package (``models/data``), so an installed wheel finds them the same
way a checkout does: through ``importlib.resources``, never relative to the working
directory. The checkout's top-level ``data`` is a link to the same folder, so the README's
``data/examples/...`` paths work from the repository root.
"""

from importlib.resources import files
from pathlib import Path

# A wheel installs the package as plain files, so the resource is a real directory; the
# rulebooks' ``extends:`` and the examples' relative paths need one.
DATA_DIR = Path(str(files("models") / "data"))
RULEBOOK_DIR = DATA_DIR / "rulebooks"
EXAMPLES_DIR = DATA_DIR / "examples"
