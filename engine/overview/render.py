"""Overview -> CSV (for spreadsheets) and a self-contained HTML page (styles inline, chart as SVG).

The HTML template is templates/web/overzicht.html.j2 with the shared stylesheet templates/web/sto.css;
the committee's web page and `sto prescreen` render the same page.
"""
from __future__ import annotations

import csv
import io
import os
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..verdict import OUTCOME_LABELS, STATUS_LABELS, Outcome
from .model import Overview, OverviewRow

if TYPE_CHECKING:
    from jinja2 import Environment

TEMPLATE_ENV = "STO_WEB_TEMPLATES"
TIME_ZONE = "Europe/Amsterdam"  # the committee and the regions read times in Dutch time
STATUS_SYMBOLS = {"pass": "✔", "fail": "✘", "needs_review": "?", "not_applicable": "–"}
# colour class per outcome; the label is always written out too, so colour is never the only signal
OUTCOME_STATUS = {"positive_advice": "pass", "committee_review": "needs_review",
                  "negative_advice": "fail", "ineligible": "fail"}
CSV_COLUMNS = ("regio", "soort_regio", "penvoerder", "ronde", "ingediend_op", "uitkomst", "uitkomst_code")

# the bar chart's geometry, in SVG user units: each rule's title whole above its bar (wrapped when
# long), the bar's full length standing for all plans of the overview
CHART_WIDTH, COUNT_WIDTH, BAR_HEIGHT, LINE_HEIGHT, BAR_GAP = 900, 110, 20, 17, 14
LABEL_CHARS = 110  # per label line, at 13px in the chart's width

def template_dir() -> Path:
    return Path(os.environ.get(TEMPLATE_ENV) or Path(__file__).resolve().parents[2] / "templates" / "web")


def status_label(status: str, lang: str = "nl") -> str:
    return STATUS_LABELS.get(status, {}).get(lang, status)


def to_csv(overview: Overview) -> str:
    """One line per plan: outcome, a status per family (in Dutch words), failing and review rules, ids."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(list(CSV_COLUMNS) + [c.name["nl"] for c in overview.families]
                    + ["regels_voldoen_niet", "regels_beoordeling_nodig", "regelboek", "id", "bron", "verdict_sha256",
                       "oordelen_open", "stand_commissie", "voorwaarden"])
    for r in overview.rows:
        writer.writerow([r.region, r.region_kind, r.lead_applicant, r.round, r.submission_date, r.outcome_label["nl"],
                         r.outcome] + [status_label(r.families.get(c.family, "not_applicable")) for c in overview.families]
                        + [" ".join(r.failing_rules), " ".join(r.review_rules), r.rulebook_ref, r.assessment_id or "",
                           r.plan_source, r.verdict_sha256,
                           "" if r.open_judgements is None else r.open_judgements,
                           r.committee_label["nl"] if r.committee_label else "", " | ".join(r.conditions)])
    return out.getvalue()


def chart_bars(overview: Overview, lang: str = "nl") -> dict[str, Any]:
    """Positions of the bars of the 'most frequent failing rules' chart (pure; the template draws them).

    A bar's length is its share of the plans in the overview (1 of 7 plans is a seventh of the track);
    the rule's title is written whole above it."""
    import textwrap

    plans = len(overview.rows) or max((rc.count for rc in overview.top_failing), default=0)
    span = CHART_WIDTH - COUNT_WIDTH
    bars, y = [], 0
    for rc in overview.top_failing:
        full = f"{rc.rule_id} {rc.title.get(lang, rc.rule_id)}"
        lines = textwrap.wrap(full, LABEL_CHARS) or [rc.rule_id]
        bar_y = y + len(lines) * LINE_HEIGHT + 2
        bars.append({"rule_id": rc.rule_id, "full": full, "lines": lines, "count": rc.count, "regions": rc.regions,
                     "y": y, "bar_y": bar_y,
                     "width": max(2, round(span * min(rc.count, plans) / plans)) if plans else 0})
        y = bar_y + BAR_HEIGHT + BAR_GAP
    return {"bars": bars, "width": CHART_WIDTH, "span": span, "bar_height": BAR_HEIGHT, "line_height": LINE_HEIGHT,
            "height": max(1, y - BAR_GAP), "plans": plans}


def row_links(row: OverviewRow, link_base: str | None) -> dict[str, str]:
    if link_base is not None and row.assessment_id:
        base = f"{link_base.rstrip('/')}/assessments/{row.assessment_id}"
        # the letters are on the assessment's page: which one exists depends on the committee's records
        return {"oordeel": base, "onderbouwing": f"{base}/trace"}
    links = {"oordeel": row.verdict_href, "brief": row.letter_href}
    return {name: href for name, href in links.items() if href}


def moment(iso: str, lang: str = "nl") -> str:
    """'2026-11-23T19:56:44+00:00' -> '23 november 2026, 20:56' in Dutch time (Europe/Amsterdam, CET/CEST;
    Babel's long date). Without the time-zone database the moment stays in UTC, and says so."""
    import datetime as dt
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    from .. import units

    stamp = dt.datetime.fromisoformat(iso)
    if stamp.tzinfo is None:
        stamp = stamp.replace(tzinfo=dt.UTC)
    try:
        local, zone = stamp.astimezone(ZoneInfo(TIME_ZONE)), ""
    except ZoneInfoNotFoundError:
        local, zone = stamp.astimezone(dt.UTC), " UTC"
    return f"{units.date(local.date(), lang)}, {local:%H:%M}{zone}"


def day(iso: str, lang: str = "nl") -> str:
    """'2019-03-20' -> '20 maart 2019'."""
    import datetime as dt

    from .. import units

    return units.date(dt.date.fromisoformat(iso), lang)


@lru_cache(maxsize=4)
def _environment(directory: str) -> Environment:
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    env = Environment(loader=FileSystemLoader(directory), autoescape=True, undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True)
    env.filters["moment"] = moment
    env.filters["day"] = day
    env.globals.update(status_label=status_label, symbols=STATUS_SYMBOLS, outcome_status=OUTCOME_STATUS,
                       outcome_labels={Outcome(o).value: label for o, label in OUTCOME_LABELS.items()})
    return env


def to_html(overview: Overview, link_base: str | None = None, lang: str = "nl") -> str:
    """The overview as one HTML file with its styles and chart inline; no external assets.

    link_base: where the service serves assessments (e.g. "/v1"); rows then link to the verdict,
    its trace and letter. Without it, rows link to `verdict_href` when set.
    """
    env = _environment(str(template_dir()))
    return env.get_template("overzicht.html.j2").render(
        overview=overview, chart=chart_bars(overview, lang), lang=lang,
        rows=[(r, row_links(r, link_base)) for r in overview.rows])
