"""What a letter rests on, and which letters a stage of the procedure allows (docs/process.md).

A zelfcheck rests on a verdict alone. The other letters are about a stored pre-screen: the
aanvulling on its findings, the advies and the beschikking on the committee's records about it
(judgements, advice), which the store keeps in the same hash chain. A `Dossier` carries those
records as stored, so that a letter can name each one by id and hash and its fingerprint covers
them.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, overload

from ..errors import StoError, Texts
from ..i18n import N_, both, tr

if TYPE_CHECKING:
    from ..store.store import CommitteeRecord, StoredAssessment
    from ..verdict.model import Finding, Verdict

ZELFCHECK, AANVULLING, ADVIES, BESCHIKKING = "zelfcheck", "aanvulling", "advies", "beschikking"
KINDS = (ZELFCHECK, AANVULLING, ADVIES, BESCHIKKING)
DECIDING = ("knockout", "assessment")
# "een verzoek om aanvulling gaat over ...": the letters by name, with article ("a letter of kind advies")
A_LETTER = {ZELFCHECK: N_("letters.a_letter.zelfcheck"), AANVULLING: N_("letters.a_letter.aanvulling"),
            ADVIES: N_("letters.a_letter.advies"), BESCHIKKING: N_("letters.a_letter.beschikking")}


@dataclass(frozen=True)
class Dossier:
    """A stored assessment and the committee's records about it (oldest first, as the store gives them)."""

    assessment_id: str
    seq: int
    record_hash: str
    mode: str
    created_at: str
    records: tuple[dict[str, Any], ...] = field(default=())

    @classmethod
    def from_store(cls, stored: StoredAssessment, records: Sequence[CommitteeRecord | Mapping[str, Any]]) -> Dossier:
        return cls(stored.id, stored.seq, stored.record_hash, stored.mode, stored.created_at,
                   tuple(dict(r) if isinstance(r, Mapping) else r.model_dump() for r in records))

    def digest(self) -> dict[str, Any]:
        """What the fingerprint covers: the ids and hashes of everything the letter may rest on."""
        return {"assessment": [self.assessment_id, self.record_hash],
                "records": [[r["id"], r["record_hash"]] for r in self.records]}


class LetterRefused(StoError):
    """A letter the procedure does not allow at this stage; says what is missing, in Dutch and English
    (`str()` is the English, as for every StoError; the CLI prints the Dutch first). `code` is stable
    for the API."""

    def __init__(self, code: str, said: Texts):
        super().__init__(said["en"])
        self.code, self.nl, self.en = code, said["nl"], said["en"]


def supplementable(verdict: Verdict) -> list[Finding]:
    """The findings an applicant can supply for (Awb 4:5): a deciding rule the sources clearly
    require (verified basis) whose answer is missing from the plan. A rule resting on an assumption,
    or a plan that says something the committee must weigh, is no incompleteness."""
    return [f for f in verdict.findings
            if f.reason == "missing_evidence" and f.severity in DECIDING and f.basis.confidence == "verified"]


@overload
def picture_of(verdict: Verdict, dossier: Dossier) -> dict[str, Any]: ...
@overload
def picture_of(verdict: Verdict, dossier: None) -> None: ...
@overload
def picture_of(verdict: Verdict, dossier: Dossier | None) -> dict[str, Any] | None: ...
def picture_of(verdict: Verdict, dossier: Dossier | None) -> dict[str, Any] | None:
    if dossier is None:
        return None
    from ..judgement import picture

    return picture(verdict, list(dossier.records))


def letters_due(verdict: Verdict, dossier: Dossier | None) -> list[str]:
    """The letters of the procedure's current stage, in the order they are sent (empty: none yet)."""
    if dossier is None or dossier.mode == "self-check":
        return [ZELFCHECK]
    pic = picture_of(verdict, dossier)
    if pic["withdrawal"]:
        return []
    if pic["advice"] and not pic["advice"]["stale"]:
        return [ADVIES, BESCHIKKING]
    if supplementable(verdict):
        return [AANVULLING]
    return []


def check_kind(verdict: Verdict, dossier: Dossier | None, kind: str) -> str:
    """The kind asked for, or LetterRefused saying why the procedure does not allow it now.
    `auto`: the last letter due at this stage."""
    if kind == "auto":
        due = letters_due(verdict, dossier)
        if due:
            return due[-1]
        assert dossier is not None, "without a dossier the self-check letter is always due"
        raise _nothing_due(verdict, dossier)
    if kind not in KINDS:
        raise LetterRefused("unknown_kind", both("letters.refused.unknown_kind", kind=kind, kinds=", ".join(KINDS)))
    if kind == ZELFCHECK:
        return kind
    if dossier is None:
        raise LetterRefused("needs_prescreen", both("letters.refused.needs_prescreen", letter=both(A_LETTER[kind]),
                                                    kind=kind))
    if dossier.mode == "self-check":
        raise LetterRefused("self_check", both("letters.refused.self_check", letter=both(A_LETTER[kind])))
    pic = picture_of(verdict, dossier)
    if pic["withdrawal"]:
        raise _withdrawn()
    if kind == AANVULLING:
        if pic["advice"]:
            raise LetterRefused("advised", both("letters.refused.advised"))
        if not supplementable(verdict):
            raise LetterRefused("nothing_to_supply", both("letters.refused.nothing_to_supply"))
        return kind
    advice = pic["advice"]
    if advice is None:
        pending = (both("letters.refused.open_rules", rules=", ".join(pic["open_rules"])) if pic["open_rules"]
                   else {"nl": "", "en": ""})
        raise LetterRefused("no_advice", both("letters.refused.no_advice", pending=pending, id=dossier.assessment_id,
                                              letter={"nl": tr(A_LETTER[kind], "nl"), "en": kind}))
    if advice["stale"]:
        raise _stale(advice)
    return kind


def _withdrawn() -> LetterRefused:
    return LetterRefused("withdrawn", both("letters.refused.withdrawn"))


def _stale(advice: dict[str, Any]) -> LetterRefused:
    return LetterRefused("advice_stale", both("letters.refused.advice_stale", reason=advice["stale"]))


def _nothing_due(verdict: Verdict, dossier: Dossier) -> LetterRefused:
    pic = picture_of(verdict, dossier)
    if pic["withdrawal"]:
        return _withdrawn()
    if pic["advice"] and pic["advice"]["stale"]:
        return _stale(pic["advice"])
    return LetterRefused("no_letter_due", both("letters.refused.no_letter_due", id=dossier.assessment_id))
