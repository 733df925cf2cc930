"""sto-toets: assess Sterk Techniekonderwijs regional plans against versioned rulebooks.

The pipeline, one sub-package per step:
    plan/      the plan document: typed models, safe loading with located errors
    facts/     plan -> facts, each with the plan fields it came from
    rulebook/  versioned YAML rulebooks: format, condition language, version selection
    rules/     rulebook -> durable-rules ruleset; the driver that runs it on one plan
    verdict/   firings -> findings, outcome, receipt; the verdict schema and explanations
    assess.py  the pipeline in one call
"""
__version__ = "0.1.0"
