"""A citable release: what a version tag publishes (``.github/workflows/release.yml`` runs
``make release TAG=v0.3.0`` after ``make book`` and ``make test``).

The tag must name the version the book carries (``v`` + pyproject's version, which
CITATION.cff repeats) and CHANGELOG.md must have that version's entry. The release carries every
page's PDF and the whole book's, every slide deck and the data zip, with the changelog entry and
the citation as its notes. Zenodo, linked to the repository, archives each GitHub release and
mints a DOI for it from ``.zenodo.json`` (see :func:`analysis.publish.cite.zenodo_metadata`).

``python -m analysis.publish.release TAG [OUT]``: check the tag, and with ``OUT``, copy the
files to ``OUT/files/`` and write ``OUT/release-notes.md``.
"""
from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

from .. import config
from ..errors import DataError
from . import cite, site, slides
from .build import HTML_DIR


def check_tag(tag: str) -> str:
    """The version a tag names; DataError unless the tag is ``v<version>`` of pyproject.toml,
    CITATION.cff says the same and CHANGELOG.md has its entry."""
    version = cite.package_version()
    if tag != f"v{version}":
        raise DataError(config.REPO_ROOT / "pyproject.toml",
                        f"the tag {tag!r} does not name the book's version {version}",
                        expected=f"the tag v{version}",
                        fix="tag that, or first set the new version in pyproject.toml and "
                            "CITATION.cff")
    if str(cite.cff().get("version")) != version:
        raise DataError(config.REPO_ROOT / "CITATION.cff", "its version is not pyproject's",
                        found=cite.cff().get("version"), expected=version)
    if changelog_entry(version) == "":
        raise DataError(config.REPO_ROOT / "CHANGELOG.md", f"no entry for version {version}",
                        expected=f"a '## {version} (date)' section saying what it changed")
    return version


def changelog_entry(version: str, path: Path | None = None) -> str:
    """The text of CHANGELOG.md's entry for ``version`` (its heading line included), or ""."""
    text = (path or config.REPO_ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    found = re.search(rf"^## {re.escape(version)}\b.*?(?=^## |\Z)", text, re.M | re.S)
    return found.group(0).strip() if found else ""


def assets(html_dir: Path = HTML_DIR) -> list[Path]:
    """The files a release carries, from the built book: each page's PDF and the whole
    book's, each slide deck and the data zip. DataError naming any that is missing."""
    from . import pdf

    wanted = [html_dir / "pdf" / f"{stem}.pdf" for _, stem in pdf.pages()]
    wanted += [html_dir / "pdf" / "kursk-report.pdf"]
    wanted += [html_dir / slides.FOLDER / f"{stem}.pptx" for stem in slides.decks()]
    wanted += [html_dir / site.DATA_FOLDER / site.DATA_ZIP]
    missing = [str(p.relative_to(html_dir)) for p in wanted if not p.is_file()]
    if missing:
        raise DataError(html_dir, f"the built book lacks {', '.join(missing)}",
                        fix="run `make book` first")
    return wanted


def notes(version: str) -> str:
    """The release's notes: how to cite it, what it carries, and the changelog entry."""
    from .. import toc

    book = cite.for_page(toc.pages()[0].html)
    return (f"# {cite.cff()['title']}, version {version}\n\n"
            f"Cite as: {book.text()}\n\nOnce Zenodo has archived this release, its record "
            "gives the DOI of this version; cite that DOI to point at exactly this text and "
            "data.\n\nFiles: every page's PDF and the whole book's (`kursk-report.pdf`), a "
            "PowerPoint deck per chapter and for the whole report (`kursk-report.pptx`), and "
            f"the datasets with their manifest (`{site.DATA_ZIP}`).\n\n"
            + changelog_entry(version) + "\n")


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__.strip().splitlines()[-2], file=sys.stderr)
        return 2
    try:
        version = check_tag(argv[0])
        if len(argv) > 1:
            out = Path(argv[1])
            if (out / "files").exists():
                shutil.rmtree(out / "files")
            (out / "files").mkdir(parents=True)
            files = assets()
            for path in files:
                shutil.copyfile(path, out / "files" / path.name)
            (out / "release-notes.md").write_text(notes(version), encoding="utf-8")
            print(f"release {argv[0]}: {len(files)} files and the notes in {out}")
        else:
            print(f"tag {argv[0]} names version {version}")
    except DataError as error:
        print(f"RELEASE STOPPED: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
