"""Step 2 of the pipeline: plan -> facts with provenance."""
from .catalogue import CATALOGUE, ITEM_TYPES, PLAN, FactSpec, spec
from .derive import NO_DATE, Fact, FactSet, Item, check_against_catalogue, derive_facts

__all__ = ["CATALOGUE", "ITEM_TYPES", "PLAN", "FactSpec", "spec", "NO_DATE", "Fact", "FactSet", "Item",
           "check_against_catalogue", "derive_facts"]
