"""Letters from a pre-screen and the committee's records: zelfcheck, aanvulling, advies, beschikking
(Markdown, HTML, PDF).

    from engine.letters import Dossier, render_letter
    letter = render_letter(verdict, kind="zelfcheck", lang="nl", fmt="pdf")
    letter = render_letter(stored.verdict, kind="beschikking", dossier=Dossier.from_store(stored, records))
    Path("brief.pdf").write_bytes(letter.data)

Templates, CSS, wording and letterhead live in templates/letters/; see docs/letters.md.
"""
from .dossier import KINDS, Dossier, LetterRefused, letters_due, supplementable
from .render import (
    FORMATS,
    Letter,
    LetterConfig,
    default_letter_date,
    fingerprint,
    legal_basis_for,
    load_config,
    md_escape,
    render_letter,
    rulebook_view,
    schedule_for,
    template_dir,
    template_set_sha256,
)
from .terms import public_holidays, term_end

__all__ = ["FORMATS", "KINDS", "Dossier", "Letter", "LetterConfig", "LetterRefused", "default_letter_date",
           "fingerprint", "legal_basis_for", "letters_due", "load_config", "md_escape", "public_holidays",
           "render_letter", "rulebook_view", "schedule_for", "supplementable", "template_dir",
           "template_set_sha256", "term_end"]
