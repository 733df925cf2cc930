"""Committee letters from a verdict: afwijzing, goedkeuring, aanvulling, zelfcheck (Markdown, HTML, PDF).

    from engine.letters import render_letter
    letter = render_letter(verdict, kind="auto", lang="nl", fmt="pdf")
    Path("brief.pdf").write_bytes(letter.data)

Templates, CSS, wording and letterhead live in templates/letters/; see docs/letters.md.
"""
from .render import (
                     AUTO_KIND,
                     FORMATS,
                     KINDS,
                     Letter,
                     LetterConfig,
                     choose_kind,
                     default_letter_date,
                     fingerprint,
                     load_config,
                     md_escape,
                     render_letter,
                     schedule_for,
                     template_dir,
                     template_set_sha256,
)

__all__ = ["AUTO_KIND", "FORMATS", "KINDS", "Letter", "LetterConfig", "choose_kind", "default_letter_date",
           "fingerprint", "load_config", "md_escape", "render_letter", "schedule_for", "template_dir",
           "template_set_sha256"]
