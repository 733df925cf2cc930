"""The round overview: regions x criterion families, and the most frequently failing rules."""
from .build import build_overview, overview_row, top_failing
from .model import FamilyColumn, Overview, OverviewRow, RuleCount, SkippedFile
from .render import chart_bars, to_csv, to_html

__all__ = ["build_overview", "overview_row", "top_failing", "Overview", "OverviewRow", "RuleCount", "SkippedFile",
           "FamilyColumn", "to_csv", "to_html", "chart_bars"]
