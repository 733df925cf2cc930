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

from ..errors import StoError

if TYPE_CHECKING:
    from ..store.store import CommitteeRecord, StoredAssessment

ZELFCHECK, AANVULLING, ADVIES, BESCHIKKING = "zelfcheck", "aanvulling", "advies", "beschikking"
KINDS = (ZELFCHECK, AANVULLING, ADVIES, BESCHIKKING)
DECIDING = ("knockout", "assessment")
# "een verzoek om aanvulling gaat over ...": the letters by their Dutch names, with article
A_LETTER = {ZELFCHECK: "een zelfcheckbrief", AANVULLING: "een verzoek om aanvulling", ADVIES: "een adviesbrief",
            BESCHIKKING: "een beschikking"}


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

    def __init__(self, code: str, nl: str, en: str):
        super().__init__(en)
        self.code, self.nl, self.en = code, nl, en


def supplementable(verdict: dict[str, Any]) -> list[dict[str, Any]]:
    """The findings an applicant can supply for (Awb 4:5): a deciding rule the sources clearly
    require (verified basis) whose answer is missing from the plan. A rule resting on an assumption,
    or a plan that says something the committee must weigh, is no incompleteness."""
    return [f for f in verdict["findings"]
            if f["reason"] == "missing_evidence" and f["severity"] in DECIDING
            and f["basis"]["confidence"] == "verified"]


@overload
def picture_of(verdict: dict[str, Any], dossier: Dossier) -> dict[str, Any]: ...
@overload
def picture_of(verdict: dict[str, Any], dossier: None) -> None: ...
@overload
def picture_of(verdict: dict[str, Any], dossier: Dossier | None) -> dict[str, Any] | None: ...
def picture_of(verdict: dict[str, Any], dossier: Dossier | None) -> dict[str, Any] | None:
    if dossier is None:
        return None
    from ..judgement import picture

    return picture(verdict, list(dossier.records))


def letters_due(verdict: dict[str, Any], dossier: Dossier | None) -> list[str]:
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


def check_kind(verdict: dict[str, Any], dossier: Dossier | None, kind: str) -> str:
    """The kind asked for, or LetterRefused saying why the procedure does not allow it now.
    `auto`: the last letter due at this stage."""
    if kind == "auto":
        due = letters_due(verdict, dossier)
        if due:
            return due[-1]
        assert dossier is not None, "without a dossier the self-check letter is always due"
        raise _nothing_due(verdict, dossier)
    if kind not in KINDS:
        raise LetterRefused("unknown_kind", f"onbekende soort brief '{kind}'; kies {', '.join(KINDS)} of auto",
                            f"unknown letter kind '{kind}'; choose {', '.join(KINDS)} or auto")
    if kind == ZELFCHECK:
        return kind
    if dossier is None:
        raise LetterRefused(
            "needs_prescreen",
            f"{A_LETTER[kind]} gaat over een opgeslagen voortoets: geef het id van de voortoets "
            f"(`sto letter ID --kind {kind}`, zie `sto audit list --mode pre-screen`), niet een oordeel als bestand",
            f"a letter of kind {kind} is about a stored pre-screen: give the pre-screen's id "
            f"(`sto letter ID --kind {kind}`, see `sto audit list --mode pre-screen`), not a verdict file")
    if dossier.mode == "self-check":
        raise LetterRefused("self_check", f"bij een zelfcheck hoort alleen de zelfcheckbrief; {A_LETTER[kind]} volgt "
                                          f"uit een voortoets van de commissie",
                            f"a self-check only has the self-check letter; a letter of kind {kind} follows from "
                            f"the committee's pre-screen")
    pic = picture_of(verdict, dossier)
    if pic["withdrawal"]:
        raise _withdrawn()
    if kind == AANVULLING:
        if pic["advice"]:
            raise LetterRefused("advised", "de commissie heeft al geadviseerd; een verzoek om aanvulling hoort vóór "
                                           "het advies",
                                "the committee has advised already; a request to complete comes before the advice")
        if not supplementable(verdict):
            raise LetterRefused(
                "nothing_to_supply",
                "er ontbreekt niets dat de aanvrager kan aanvullen: een verzoek om aanvulling (artikel 4:5 Awb) is "
                "alleen voor gegevens die het plan niet geeft bij een eis die de regeling duidelijk stelt; de andere "
                "bevindingen weegt de commissie zelf",
                "nothing is missing that the applicant can supply: a request to complete (Awb article 4:5) is only "
                "for data the plan does not give for a requirement the regulation clearly sets; the committee "
                "weighs the other findings itself")
        return kind
    advice = pic["advice"]
    if advice is None:
        open_nl = f"; eerst nog een oordeel over {', '.join(pic['open_rules'])}" if pic["open_rules"] else ""
        open_en = f"; first a judgement on {', '.join(pic['open_rules'])}" if pic["open_rules"] else ""
        raise LetterRefused("no_advice",
                            f"er is nog geen advies van de commissie{open_nl}: leg dat vast met "
                            f"`sto advise {dossier.assessment_id} --advice ...` en maak dan {A_LETTER[kind]}",
                            f"the committee has not advised yet{open_en}: record the advice with "
                            f"`sto advise {dossier.assessment_id} --advice ...`, then write the {kind} letter")
    if advice["stale"]:
        raise _stale(advice)
    return kind


def _withdrawn() -> LetterRefused:
    return LetterRefused("withdrawn", "de regio heeft de aanvraag ingetrokken: er volgt geen brief meer",
                         "the region withdrew its application: no letter follows")


def _stale(advice: dict[str, Any]) -> LetterRefused:
    return LetterRefused("advice_stale", f"het advies van de commissie telt niet meer ({advice['stale']['nl']}); leg "
                                         f"een nieuw advies vast",
                         f"the committee's advice no longer holds ({advice['stale']['en']}); record a new advice")


def _nothing_due(verdict: dict[str, Any], dossier: Dossier) -> LetterRefused:
    pic = picture_of(verdict, dossier)
    if pic["withdrawal"]:
        return _withdrawn()
    if pic["advice"] and pic["advice"]["stale"]:
        return _stale(pic["advice"])
    return LetterRefused(
        "no_letter_due",
        "nog geen brief: er ontbreekt niets om aan te vullen en de commissie heeft nog niet geadviseerd "
        f"(`sto judge` en `sto advise {dossier.assessment_id} ...`); een zelfcheckbrief kan altijd (--kind zelfcheck)",
        "no letter yet: nothing is missing to complete and the committee has not advised "
        f"(`sto judge` and `sto advise {dossier.assessment_id} ...`); a self-check letter is always possible "
        "(--kind zelfcheck)")
