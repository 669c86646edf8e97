"""The bundled examples: what each one shows, and a copy a user can edit and run.

An installed wheel keeps the examples deep inside site-packages; `weekplan examples
--copy-to DIR` puts them where a coach works, so the README's commands (``weekplan solve
DIR/athlete.yaml``, ``weekplan batch DIR/squad``) run from any directory. Each example says
what it shows in its own header (the YAML's leading comment, the squad's README), so the
listing never drifts from the files.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from models.domain.bundled import EXAMPLES_DIR
from models.domain.errors import InputError
from models.io.atomic import write_bytes

SKIPPED = ("__pycache__",)


@dataclass(frozen=True)
class Example:
    name: str    # file or folder name inside the examples folder
    shows: str   # one sentence: what the example is for
    path: Path   # where it is installed


def first_sentence(text: str) -> str:
    """The first sentence of a paragraph, on one line."""
    words = " ".join(text.split())
    match = re.search(r"(?<=[.!?])\s", words)
    return words[:match.start()] if match else words


def yaml_header(path: Path) -> str:
    """The leading ``#`` comment of a YAML file, without the marks."""
    lines = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            break
        lines.append(line.lstrip("#").strip())
    return " ".join(lines)


def readme_summary(path: Path) -> str:
    """The first paragraph of a README that is not its title."""
    paragraphs = path.read_text(encoding="utf-8").split("\n\n")
    return next((p for p in paragraphs if p.strip() and not p.lstrip().startswith("#")), "")


def bundled_examples(root: Path = EXAMPLES_DIR) -> list[Example]:
    """The athlete files, then the folders (the squad, completed training), each folder
    described by its README."""
    examples = [Example(path.name, first_sentence(yaml_header(path)), path)
                for path in sorted(root.glob("*.yaml"))]
    for folder in sorted(p for p in root.iterdir() if (p / "README.md").is_file()):
        examples.append(Example(f"{folder.name}/",
                                first_sentence(readme_summary(folder / "README.md")), folder))
    return examples


def example_files(root: Path = EXAMPLES_DIR) -> list[Path]:
    """Every file to copy, relative to ``root`` (the athlete YAMLs and the squad folder)."""
    files = []
    for example in bundled_examples(root):
        paths = sorted(example.path.rglob("*")) if example.path.is_dir() else [example.path]
        files += [p.relative_to(root) for p in paths
                  if p.is_file() and not any(part in SKIPPED for part in p.parts)]
    return files


def copy_examples(destination: Path | str, force: bool = False,
                  root: Path = EXAMPLES_DIR) -> list[Path]:
    """Copy every example into ``destination`` (created if missing); the written paths.

    Nothing is written when a file would be overwritten without ``force``: a coach's edited
    copy of an example is never lost to a second run.
    """
    destination = Path(destination)
    if destination.exists() and not destination.is_dir():
        raise InputError("is a file; give a folder to copy the examples into",
                         file=str(destination), field="--copy-to")
    relative = example_files(root)
    if not force:
        existing = [destination / name for name in relative if (destination / name).exists()]
        if existing:
            raise InputError("exists already; give --force to overwrite it, or another folder",
                             file=str(existing[0]))
    written = []
    for name in relative:
        target = destination / name
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise InputError(f"cannot create the folder: {error.strerror or error}",
                             file=str(target.parent)) from None
        write_bytes(target, (root / name).read_bytes())
        written.append(target)
    return written
