"""Versioned rulebooks: file format, condition language, loading and version selection."""
from .loader import Library, Regulation, load_library, rulebook_dir
from .model import FAMILY_NAMES, CheckedRule, Family, Rulebook, Severity

__all__ = ["Library", "Regulation", "load_library", "rulebook_dir", "FAMILY_NAMES", "CheckedRule", "Family", "Rulebook",
           "Severity"]
