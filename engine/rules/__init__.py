"""Step 3 of the pipeline: compile a rulebook onto durable-rules and run it on a plan's facts."""
from .compiler import CompiledRulebook, compile_rulebook
from .driver import Firing, LoadedRuleset, ruleset_for

__all__ = ["CompiledRulebook", "compile_rulebook", "Firing", "LoadedRuleset", "ruleset_for"]
