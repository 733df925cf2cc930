"""The API's error answers for failures the HTTP tests do not provoke (a worker's engine error, a
timeout, a busy pool, a malformed Content-Length): status, code, headers and both texts, exactly as
a client gets them. Their texts come from the catalogue (`ApiError.said`, engine/locale)."""
from __future__ import annotations

import asyncio

import orjson

from engine.i18n import both
from engine.service.app import ApiError, BodyLimit, job_error
from engine.service.workers import JobFailed, PoolBusy, PoolError, WorkerTimeout


def _message(error: ApiError) -> dict[str, str]:
    message: dict[str, str] = error.body()["error"]["message"]
    return message


def test_said_is_the_error_with_both_texts_of_the_message():
    said = ApiError.said(403, "forbidden", both("api.forbidden.auditor"), headers={"X": "1"})
    written = ApiError(403, "forbidden", "Een auditor mag lezen, maar niets indienen of wijzigen.",
                       "An auditor may read, but not submit or change anything.", headers={"X": "1"})
    assert said.body() == written.body()
    assert (said.status, said.headers, str(said)) == (written.status, written.headers, str(written))


def test_an_engine_error_in_the_worker_is_a_500_that_says_the_outcome_cannot_be_trusted():
    error = job_error(JobFailed("engine_error", "KeyError: 'x'"))
    assert (error.status, error.code) == (500, "engine_error")
    assert _message(error) == {
        "nl": "Interne fout in de rule engine; de uitkomst is niet betrouwbaar. Meld dit met het plan erbij.",
        "en": "Internal error in the rule engine; the outcome cannot be trusted. Please report it with the plan. "
              "(KeyError: 'x')"}


def test_any_other_failure_of_a_job_is_an_internal_error_with_its_detail_in_english():
    error = job_error(JobFailed("internal_error", "boom {not a placeholder}"))
    assert (error.status, error.code) == (500, "internal_error")
    assert _message(error) == {"nl": "Interne fout in de beoordeling. Meld dit met het plan erbij.",
                               "en": "Internal error during the assessment: boom {not a placeholder}"}


def test_a_user_error_of_the_worker_keeps_its_english_and_leads_the_dutch_in():
    error = job_error(JobFailed("user_error", {"type": "StoError", "message": "unknown regulation 'x'",
                                               "texts": {"nl": "onbekende regeling 'x'", "en": "unknown regulation 'x'"}}))
    assert (error.status, error.code, error.problems) == (422, "invalid_request", [])
    assert _message(error) == {"nl": "Het verzoek kan niet worden uitgevoerd: onbekende regeling 'x'",
                               "en": "unknown regulation 'x'"}


def test_no_fitting_rulebook_version_is_located_at_the_rulebook_parameter():
    error = job_error(JobFailed("user_error", {"type": "VersionSelectionError", "message": "no version in force"}))
    assert (error.status, error.code) == (422, "unknown_rulebook_version")
    assert _message(error) == {"nl": "Geen passende versie van het regelboek: no version in force",
                               "en": "no version in force"}
    assert error.problems == [{"path": "/query/rulebook", "message": {"nl": "onbekende of niet-geldende versie",
                                                                      "en": "no version in force"}}]


def test_a_timeout_busy_and_unavailable_pool_each_say_what_to_do():
    timeout = job_error(WorkerTimeout(2.5, 123))
    assert (timeout.status, timeout.code) == (504, "worker_timeout")
    assert _message(timeout) == {"nl": "De beoordeling duurde langer dan 2.5 seconden en is afgebroken.",
                                 "en": "The assessment took longer than 2.5 seconds and was stopped."}
    busy = job_error(PoolBusy())
    assert (busy.status, busy.code, busy.headers) == (503, "busy", {"Retry-After": "30"})
    assert _message(busy) == {"nl": "De dienst is op dit moment te druk; probeer het over een minuut opnieuw.",
                              "en": "The service is too busy right now; please retry in a minute."}
    down = job_error(PoolError("the pool is closed"))
    assert (down.status, down.code) == (503, "unavailable")
    assert _message(down) == {"nl": "De beoordelingsprocessen zijn niet beschikbaar; probeer het later opnieuw.",
                              "en": "The evaluation workers are not available: the pool is closed"}


def _refused(headers: list[tuple[bytes, bytes]], limit: int = 1000) -> tuple[int, dict[str, object]]:
    sent: list[dict[str, object]] = []

    async def app(scope: object, receive: object, send: object) -> None:
        raise AssertionError("a refused request does not reach the application")

    async def receive() -> dict[str, object]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, object]) -> None:
        sent.append(message)

    scope = {"type": "http", "method": "POST", "path": "/v1/assessments", "headers": headers}
    asyncio.run(BodyLimit(app, limit)(scope, receive, send))
    return int(sent[0]["status"]), orjson.loads(sent[1]["body"])


def test_a_malformed_content_length_is_refused_before_the_body_is_read():
    status, body = _refused([(b"content-length", b"-5")])
    assert status == 400
    assert body == {"error": {"status": 400, "code": "invalid_content_length",
                              "message": {"nl": "Ongeldige Content-Length.", "en": "Invalid Content-Length header."}}}


def test_a_declared_size_over_the_limit_is_refused_in_both_number_styles():
    status, body = _refused([(b"content-length", b"1234567")], limit=1000)
    assert status == 413
    assert body["error"] == {"status": 413, "code": "body_too_large", "message": {
        "nl": "Het verzoek is te groot (1.234.567 bytes); de grens is 1.000 bytes. Een echt plan is veel kleiner: "
              "controleer of u het juiste bestand koos.",
        "en": "The request body is too large (1,234,567 bytes); the limit is 1,000 bytes. A real plan is far "
              "smaller: check that you chose the right file."}}
