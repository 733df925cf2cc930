"""`sto prescreen`: assess a round's plans in parallel, store them, and write the overview report."""
from .run import FileResult, PrescreenRun, find_plans, run_prescreen

__all__ = ["run_prescreen", "find_plans", "PrescreenRun", "FileResult"]
