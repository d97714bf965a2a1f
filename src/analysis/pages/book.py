"""The blocks a page calls: setup, the numbers its prose quotes, its figures, claims boxes and
tables. The only module a chapter notebook imports (``from analysis.pages import book``), so
a notebook reads as prose plus ``book.setup()``, ``book.glue_findings("russian_counteroffensive")``,
``book.figure("fig-…")`` and ``book.claims_box(...)``.
"""
from __future__ import annotations

import html
import re

import pandas as pd

from ..evidence import claims as claim_data
from ..evidence import events as event_data
from ..evidence import findings, routes
from ..evidence.sources import cited_as, describe_sources
from ..figures import registry, theme
from ..figures.render import FigureOutput, HTMLFragment, in_book_build


def setup() -> None:
    """Enable the report's chart theme and quiet pandas' display in executed notebooks."""
    theme.enable()
    pd.set_option("display.max_columns", 20)


def glue_findings(name: str) -> None:
    """Glue every number :mod:`analysis.evidence.findings` computes for the page (``name`` is
    the findings function: "overview", a chapter key, "methods") and every key quantity of
    :mod:`analysis.evidence.key_numbers` (``kn_…``), the one definition of each."""
    from ..evidence import key_numbers

    # glue keys are global to the book: a page glues only the key numbers its prose uses
    wanted = _key_numbers_used_by(name)
    numbers = {k: v for k, v in key_numbers.glue_values().items() if k in wanted} \
        if wanted else {}
    glue_numbers({**getattr(findings, name)(), **numbers})


def _key_numbers_used_by(name: str) -> set[str]:
    """The ``kn_…`` glue names quoted by the page(s) that call ``glue_findings(name)``."""
    from .. import toc

    call = f'book.glue_findings("{name}")'
    used: set[str] = set()
    for page in toc.pages():
        text = page.source.read_text(encoding="utf-8") if page.source.exists() else ""
        if call in text:
            used |= set(re.findall(r"\{glue:text\}`(kn_[a-z0-9_]+)", text))
    return used


def figure(label: str) -> FigureOutput:
    """Figure ``label`` as the page shows it: chart, number, caption, source and downloads.
    The call's position on the page sets the figure's number."""
    return registry.show(label)


def glue_numbers(numbers: dict) -> None:
    """Glue each computed number under its name, for ``{glue:text}`name:format``` in prose."""
    from myst_nb import glue

    for name, value in numbers.items():
        # numpy scalars as Python numbers: glue formats their text form, and numpy's repr
        # ("np.float64(1.5)") is not a number
        glue(name, value.item() if hasattr(value, "item") else value, display=False)
    if not in_book_build():  # in Jupyter, show what the prose will quote
        from IPython.display import display

        rows = pd.DataFrame({"name": list(numbers), "value": [
            v.item() if hasattr(v, "item") else v for v in numbers.values()]})
        display(table(rows.astype({"value": str}), caption="Numbers this page quotes "
                                                          "(glued into the prose in the book)"))


def table(frame: pd.DataFrame, *, caption: str, columns: dict | None = None,
          link_column: str | None = None, breakable: tuple = (),
          markup_columns: tuple = ()) -> HTMLFragment:
    """An HTML table (every cell escaped) with a caption; ``columns`` maps column -> heading
    and chooses the order; ``link_column`` names a column of URLs shown as links;
    ``breakable`` names columns of long unspaced text (ids, paths) that may wrap anywhere so
    the table fits the page column; ``markup_columns`` hold HTML the caller built from
    escaped parts (links), inserted as it is."""
    columns = columns or {c: c for c in frame.columns}
    head = "".join(f"<th>{html.escape(h)}</th>" for h in columns.values())
    rows = []
    for record in frame[list(columns)].itertuples(index=False):
        cells = []
        for name, value in zip(columns, record):
            if pd.isna(value) if not isinstance(value, (list, tuple)) else False:
                text = ""
            elif isinstance(value, pd.Timestamp):
                text = html.escape(value.strftime("%Y-%m-%d"))
            elif isinstance(value, float):
                text = html.escape(f"{value:,.0f}" if abs(value) >= 100 else f"{value:,.1f}")
            elif name in markup_columns:
                text = str(value)
            else:
                text = html.escape(str(value))
            if name == link_column and text:
                text = f'<a href="{text}" rel="noopener">{text}</a>'
            cells.append(f'<td class="kursk-break">{text}</td>' if name in breakable
                         else f"<td>{text}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return HTMLFragment(f'<table class="kursk-table table"><caption>{html.escape(caption)}'
                        f"</caption><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}"
                        "</tbody></table>")


def tables(frames: dict[str, pd.DataFrame], *, columns: dict) -> HTMLFragment:
    """Several tables in one output, each captioned with its name (for a toggled cell)."""
    parts = [table(frame, caption=name, columns=columns).markup for name, frame in frames.items()]
    return HTMLFragment("".join(parts))


#: Reader-facing names of the claim metrics (data/claims.csv ``metric``).
METRIC_LABELS = {
    "area_held_by_ukraine": "Area held by Ukraine", "settlements_held_by_ukraine":
    "Settlements held by Ukraine", "area_retaken_by_russia": "Area retaken by Russia",
    "share_retaken_by_russia": "Share retaken by Russia", "settlements_retaken_by_russia":
    "Settlements retaken by Russia", "russian_pows_taken": "Russian soldiers taken prisoner",
    "ukrainian_pows_taken": "Ukrainian soldiers taken prisoner",
    "russian_troops_in_kursk": "Russian troops in Kursk oblast",
    "nk_troops_deployed": "North Korean troops sent", "nk_killed": "North Korean killed",
    "nk_wounded": "North Korean wounded", "nk_killed_and_wounded":
    "North Korean killed and wounded", "russian_losses_kursk": "Russian losses (all kinds)",
    "russian_killed_kursk": "Russian killed", "ukrainian_losses_kursk":
    "Ukrainian losses (all kinds)", "civilians_evacuated": "Civilians evacuated",
    "civilians_killed": "Civilians killed", "pipeline_raid_troops": "Troops in the pipeline raid",
    "pipeline_length": "Distance walked in the pipe", "occupied_ukraine_area":
    "Area of Ukraine occupied", "occupied_ukraine_share": "Share of Ukraine occupied",
    "advance_depth": "Depth of advance", "ukraine_total_area": "Area of Ukraine",
    "russian_gain_ukraine_area": "Russian gains in Ukraine (area)",
    "russian_gain_ukraine_share": "Russian gains in Ukraine (share)",
    "russian_troops_sumy_direction": "Russian troops towards Sumy",
    "buffer_zone_depth": "Depth of buffer zone",
    "civilians_injured": "Civilians injured (Kursk oblast)",
    "civilians_missing": "Civilians missing (Kursk oblast)",
    "sumy_civilians_evacuated": "Civilians evacuated (Sumy oblast)",
    "sumy_civilians_killed": "Civilians killed (Sumy oblast)",
    "pows_exchanged": "Prisoners returned in exchanges",
    "russian_troops_redeployed": "Russian troops moved to Kursk",
    "ukrainian_killed_kursk": "Ukrainian killed",
    "nk_engineers_deployed": "North Korean engineers and builders sent",
    "sumy_area_taken_by_russia": "Area of Sumy oblast held by Russia",
    "sumy_settlements_taken_by_russia": "Settlements of Sumy oblast taken by Russia",
    "buffer_zone_area": "Area of Russia's buffer zone in Ukraine (as claimed)",
    "buffer_zone_settlements": "Settlements in Russia's buffer zone in Ukraine (as claimed)",
    "kharkiv_settlements_held_by_russia": "Settlements of Kharkiv oblast held by Russia",
    "sumy_civilians_deported": "Sumy oblast civilians taken to Russia",
    "sumy_civilians_refusing_evacuation": "Sumy oblast residents staying despite evacuation orders",
    "vovchansk_share_taken_by_russia": "Share of Vovchansk taken by Russia",
    "sumy_share_occupied": "Share of Sumy oblast occupied",
    "kharkiv_share_occupied": "Share of Kharkiv oblast occupied",
    "sumy_settlements_under_evacuation": "Sumy oblast settlements under mandatory evacuation",
    "kursk_area_demined_share": "Share of Kursk oblast's mined land cleared",
    "kursk_explosive_items_neutralized": "Explosive items found and destroyed in Kursk oblast",
    "kursk_settlements_demined": "Settlements of Kursk oblast demined",
    "kursk_residents_in_ukraine": "Kursk oblast residents in Ukraine",
    "civilians_in_ukrainian_held_area": "Civilians in the Ukrainian-held area of Kursk oblast",
    "alleged_civilians_killed_site": "Civilians killed at one site (as alleged)",
    "kursk_area_demined": "Area of Kursk oblast demined",
    "kursk_settlements_closed_mines": "Kursk oblast settlements closed by mines",
    "kursk_civilian_bodies_recovered": "Civilian bodies recovered in Kursk oblast",
    "kursk_residents_returned_from_ukraine": "Kursk oblast residents returned from Ukraine",
    "kursk_displaced_families_rent_aid": "Displaced Kursk families receiving rent aid",
    "kursk_housing_certificates_issued": "Housing certificates issued to Kursk residents",
    "kursk_heritage_sites_damaged": "Heritage sites damaged in Kursk oblast",
    "civilians_evacuated_from_retaken_area": "Civilians evacuated from the retaken area",
    "kursk_facilities_to_restore": "Kursk oblast facilities to restore",
    "ukrainian_troops_in_kursk": "Ukrainian troops in the incursion force",
    "belgorod_civilians_evacuated": "Civilians evacuated (Belgorod oblast)",
}


def claims_box(metrics, start: str | None = None, end: str | None = None, *, title: str,
               note: str, measured_label: str | None = None) -> HTMLFragment:
    """A "Claims and assessments" box: each claim of ``metrics`` dated ``start`` to ``end``
    (date, claimant, value with its qualifier and range, source), with, where
    ``measured_label`` is given, DeepState's measured held area that day under that heading;
    ``note`` says what independent sources found. Every cell is escaped."""
    frame = (claim_data.claims_beside_measured(metrics, start, end) if measured_label
             else claim_data.claims_with_sources(metrics, start, end))
    rows = _claim_rows(frame)
    columns = {"when": "As of", "claimant": "Claimant", "claim": "Claim", "source": "Source"}
    if frame["metric"].nunique() > 1:  # several quantities: say which each row is
        columns = {"when": "As of", "claimant": "Claimant", "what": "What", "claim": "Claim",
                   "source": "Source"}
    if measured_label and "measured" in frame:
        columns["measured"] = measured_label
    inner = table(rows, caption=title, columns=columns).markup
    return HTMLFragment(f'<div class="kursk-claims-box"><p class="kursk-claims-title">'
                        f'<strong>Claims and assessments.</strong> {html.escape(note)}</p>'
                        f"{inner}</div>")


def _claim_rows(claims: pd.DataFrame) -> pd.DataFrame:
    """Claims (as from :func:`analysis.evidence.claims.claims_with_sources`) with the reader-facing
    ``claim`` text, ``what`` (the quantity's label) and ``source`` ("Publisher, date")."""
    return claims.assign(
        claim=[claim_data.claim_text(r) for r in claims.itertuples(index=False)],
        what=claims["metric"].map(METRIC_LABELS).fillna(claims["metric"]),
        source=[cited_as(r.source_id, r.source_publisher, r.source_published)
                for r in claims.itertuples(index=False)])


def chapter_events(chapter: str) -> HTMLFragment:
    """The chapter's events (``chapter``: its page key, e.g. "north_korean_role"; date,
    actor, place, summary, status, sources) as an escaped table,
    for a cell hidden behind a toggle."""
    events = event_data.events_with_sources(chapter)
    from .. import toc

    return table(events, caption=f"Events of chapter {toc.chapter(chapter).number} in "
                                 f"data/events.csv "
                                 f"({len(events)} rows)", breakable=("place", "sources"),
                 columns={"event_id": "Id", "when": "Date", "actor": "Actor", "place": "Place",
                          "summary": "What happened or was said", "status": "Status",
                          "sources": "Sources"})


def claims_table(metrics, *, caption: str, start: str | None = None,
                 end: str | None = None) -> HTMLFragment:
    """Every claim of ``metrics`` (date, claimant, value with qualifier and range, source) as an
    escaped table, for a cell hidden behind a toggle."""
    rows = _claim_rows(claim_data.claims_with_sources(metrics, start, end))
    return table(rows, caption=caption,
                 columns={"when": "As of", "what": "Metric", "claimant": "Claimant",
                          "claim": "Claim", "source": "Source", "notes": "Notes"})


def marked_events(which: str, *, caption: str) -> HTMLFragment:
    """The events a figure labels (``which``: "nk-front" or "diplomacy"), with the label as
    the figure shows it, the date, the full summary and the sources."""
    rows = {"nk-front": event_data.nk_front_events,
            "diplomacy": event_data.diplomatic_events}[which]()
    return table(rows, caption=caption,
                 columns={"number": "No.", "when": "Date", "label": "On the figure",
                          "actor": "Actor",
                          "summary": "Event", "status": "Status", "sources": "Sources"})


#: Columns of the pipeline-ends table: the claim, and the point modelled from it.
PIPELINE_COLUMNS = {"role": "End", "date": "Used (as claimed)", "claim": "Claimed position",
                    "lat": "Modelled lat", "lon": "Modelled lon",
                    "description": "As described", "claimant": "Claimed by",
                    "sources": "Sources"}


def order_of_battle() -> HTMLFragment:
    """The order of battle (data/units.csv): one table per phase of data/phases.csv, in phase
    order, each captioned with the phase and its dates; rows by side, then date."""
    from ..data.tables import load_phases, load_sources, load_units

    units = load_units()
    sources = load_sources().set_index("source_id")
    units["sources"] = [describe_sources(ids, sources) for ids in units["source_ids"]]
    sides = {"Ukraine": 0, "Russia": 1, "North Korea": 2}
    frames = {}
    for phase in load_phases().itertuples():
        rows = units[units["phase"] == phase.phase]
        if rows.empty:
            continue
        rows = rows.assign(order=rows["side"].map(sides)).sort_values(
            ["order", "date", "unit"], kind="stable", na_position="last")
        caption = (f"{phase.label} ({phase.start:%d %b %Y} to {phase.end:%d %b %Y}): "
                   f"{len(rows)} units or groupings named")
        frames[caption] = rows
    return tables(frames, columns={"side": "Side", "unit": "Unit (as the source names it)",
                                   "role": "What the source says", "date": "Date",
                                   "sources": "Sources"})


def pipeline_ends(*, caption: str) -> HTMLFragment:
    """The gas-pipeline raid's two ends: the claim and the point we model from it (see
    :mod:`analysis.evidence.routes`)."""
    return table(routes.summary(routes.PIPELINE_RAID), caption=caption,
                 columns=PIPELINE_COLUMNS)


def scorecard(*, caption: str) -> HTMLFragment:
    """The aims scorecard: aim, who stated it and when, the evidence, our assessment and
    confidence, and the sources of statement and evidence (data/aims.csv; the assessment is
    ours and the table says so)."""
    from ..evidence import assessment

    rows = assessment.scorecard()
    rows = rows.assign(sources=[f"Stated: {a}. Evidence: {b}"
                                for a, b in zip(rows["stated_sources"], rows["evidence_sources"])],
                       judgement=[f"{a} ({c} confidence). {r} Rows for it: "
                                  f"{f.replace(';', ', ')}; against it: "
                                  f"{g.replace(';', ', ') if isinstance(g, str) and g else 'none found'}."
                                  for a, c, r, f, g in zip(rows["assessment"], rows["confidence"],
                                                           rows["reasoning"], rows["evidence_for"],
                                                           rows["evidence_against"])])
    return table(rows, caption=caption,
                 columns={"aim": "Aim", "stated": "Stated by, when", "evidence": "Evidence",
                          "judgement": "Our assessment (confidence), why, and the rows for "
                                       "and against it",
                          "sources": "Sources"})


def costs_summary(*, caption: str) -> HTMLFragment:
    """One compact table of the operation's costs: for each cost, each claimant side's latest
    figure, with who gave it, when and where (never merged across sides)."""
    from ..evidence import assessment

    rows = _claim_rows(assessment.costs_summary())
    return table(rows, caption=caption,
                 columns={"cost": "Cost", "claimant_side": "Side", "claim": "Latest figure",
                          "when": "As of", "claimant": "Given by", "source": "Source"})


def key_numbers_table(*, caption: str) -> HTMLFragment:
    """The Key numbers table: each quantity with the figure as given, its as-of date, who gave
    it (or "measured"), its definition, the rows or computation it comes from and its
    sources."""
    from ..evidence import key_numbers

    rows = key_numbers.table()
    rows["sources"] = [describe_sources(ids) for ids in rows["source_ids"]]
    rows["defined"] = [f"{d} [{k}; from {b}]" for d, k, b in
                       zip(rows["definition"], rows["key"], rows["basis"])]
    return table(rows, caption=caption, breakable=("defined",),
                 columns={"quantity": "Quantity", "text": "Figure", "as_of_text": "As of",
                          "claimant": "Given by", "defined": "Definition [id; comes from]",
                          "sources": "Sources"})
