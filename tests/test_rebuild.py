"""A rebuild of the same commit gives the same bytes as the build before it: every page is
rewritten, every figure pack redrawn and every PDF reprinted, then compared file by file."""
from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys

import pytest

from analysis import config, toc

pytestmark = pytest.mark.build


def digests(folder) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_rebuild_gives_the_same_bytes(built_html):
    before = digests(built_html)
    for page in toc.pages():  # a missing page is rewritten, so every page is written anew
        (built_html / page.html).unlink()
    shutil.rmtree(built_html / "pdf")
    shutil.rmtree(built_html / "figures")
    (built_html.parent / ".export-specs.json").unlink(missing_ok=True)
    (built_html.parent / ".pdf-printed.json").unlink(missing_ok=True)
    done = subprocess.run([sys.executable, "-m", "analysis.publish.build"], cwd=config.REPO_ROOT,
                          capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr[-2000:]
    after = digests(built_html)
    changed = sorted(name for name in set(before) | set(after)
                     if before.get(name) != after.get(name))
    assert not changed, changed
