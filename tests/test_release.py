"""A citable release: .zenodo.json agrees with CITATION.cff, a tag must name the book's
version, the release workflow publishes the PDFs, decks and data zip, and citations carry a
DOI once CITATION.cff has one."""
from __future__ import annotations

import json

import pytest
import yaml

from analysis import config
from analysis.errors import DataError
from analysis.publish import cite, release


def test_zenodo_json_is_the_one_citation_cff_gives():
    committed = (config.REPO_ROOT / ".zenodo.json").read_text(encoding="utf-8")
    assert committed == cite.zenodo_json(), "run scripts/write_zenodo_json.py"
    zenodo, cff = json.loads(committed), cite.cff()
    # the fields Zenodo mints the record from, each as CITATION.cff states it
    assert zenodo["title"] == cff["title"] == \
        "The Kursk incursion, 2024–2025: an executable report"
    assert [c["name"] for c in zenodo["creators"]] == [a["name"] for a in cff["authors"]]
    assert zenodo["license"] == "cc-by-4.0" and cff["license"] == "CC-BY-4.0"
    assert zenodo["keywords"] == cff["keywords"]
    assert zenodo["description"] == " ".join(cff["abstract"].split())
    assert (zenodo["upload_type"], zenodo["publication_type"]) == ("publication", "report")
    # the version and date come from the release itself, so they are not typed here again
    assert "version" not in zenodo and "publication_date" not in zenodo


def test_a_person_is_a_zenodo_creator_with_orcid(monkeypatch):
    monkeypatch.setattr(cite, "cff", lambda: {
        "title": "T", "abstract": "A", "license": "CC-BY-4.0",
        "authors": [{"family-names": "Kovalenko", "given-names": "Olha",
                     "orcid": "https://orcid.org/0000-0002-1825-0097", "affiliation": "X"}]})
    assert cite.zenodo_metadata()["creators"] == [
        {"name": "Kovalenko, Olha", "orcid": "0000-0002-1825-0097", "affiliation": "X"}]


def test_a_tag_must_name_the_books_version():
    version = cite.package_version()
    assert release.check_tag(f"v{version}") == version
    with pytest.raises(DataError, match=f"expected the tag v{version}"):
        release.check_tag("v99.0.0")
    with pytest.raises(DataError):
        release.check_tag(version)          # without its "v"
    # the version's changelog entry opens with its heading (CHANGELOG.md: "## 0.3.0 (...)")
    assert release.changelog_entry(version).startswith(f"## {version} (")


def test_the_release_workflow_publishes_what_a_reader_cites():
    workflow = yaml.safe_load((config.REPO_ROOT / ".github" / "workflows" / "release.yml")
                              .read_text(encoding="utf-8"))
    triggers = workflow[True]               # YAML reads the key "on" as True
    assert triggers == {"push": {"tags": ["v*"]}}
    assert workflow["permissions"] == {"contents": "write"}
    runs = [step.get("run", "") for step in workflow["jobs"]["release"]["steps"]]
    order = [next(i for i, r in enumerate(runs) if r.startswith(command)) for command in (
        ".venv/bin/python -m analysis.publish.release", "make book", "make test",
        "make release", "gh release create")]
    assert order == sorted(order)           # checked, built and tested before it is published
    assert "dist/files/*" in runs[order[-1]] and "dist/release-notes.md" in runs[order[-1]]


def test_a_release_carries_every_pdf_deck_and_the_data_zip(tmp_path):
    from analysis import toc
    from analysis.publish import slides

    html = tmp_path / "html"
    with pytest.raises(DataError, match="lacks pdf/intro.pdf"):
        release.assets(html)
    names = [f"pdf/{p.stem}.pdf" for p in toc.pages()] + ["pdf/kursk-report.pdf"] + \
        [f"slides/{stem}.pptx" for stem in slides.decks()] + ["data/kursk-data.zip"]
    for name in names:
        (html / name).parent.mkdir(parents=True, exist_ok=True)
        (html / name).write_bytes(b"x")
    found = release.assets(html)
    # 11 pages' PDFs and the book's, 6 chapters' decks and the book's, the data zip
    # a PDF per page and the whole book's, a deck per chapter and the whole report's, the data
    assert len(found) == len(toc.pages()) + 1 + len(toc.chapters()) + 1 + 1
    assert sorted(str(p.relative_to(html)) for p in found) == sorted(names)


def test_citations_carry_the_doi_once_citation_cff_has_one(monkeypatch):
    original = cite.cff()
    monkeypatch.setattr(cite, "cff", lambda: {**original, "doi": "10.5281/zenodo.1234567"})
    chapter = cite.for_page("notebooks/04_russian_counteroffensive.html", 4, "The Russian "
                                                                           "counteroffensive")
    assert "https://doi.org/10.5281/zenodo.1234567." in chapter.text()
    assert "  doi = {10.5281/zenodo.1234567}" in chapter.bibtex("k")
    monkeypatch.setattr(cite, "cff", lambda: original)
    assert "doi.org" not in cite.for_page("book/intro.html").text()
