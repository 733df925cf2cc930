"""The committee records a judgement and the advice on a pre-screen's page, in a real headless
Chromium against a real `sto serve` (as tests/test_web_browser.py; port from $STO_TEST_PORT, else a
free one). Screenshots go to $STO_SCREENSHOT_DIR when set."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from engine.assess import Assessor
from engine.service.auth import add_token
from engine.store import open_store
from tests.plans import as_loaded, good_plan
from tests.servers import sto_serve
from tests.test_web_browser import browser, fits, log_in, shots  # noqa: F401

MOTIVATION = "Het bestuur tekent de overeenkomst in de eerstvolgende vergadering; de samenwerking loopt al."


@pytest.fixture(scope="module")
def server_with_prescreen(tmp_path_factory, chromium):
    tmp = tmp_path_factory.mktemp("oordeel")
    url = f"sqlite:///{tmp}/audit.sqlite"
    plan = good_plan()
    plan["partners"][1]["cooperation_agreement"]["signed"] = False  # PART-05 needs review
    loaded = as_loaded(plan)
    with open_store(url) as store:
        rec = store.record(plan_bytes=loaded.raw, plan_source=loaded.source, verdict=Assessor().assess(loaded).verdict,
                           actor="secretaris", role="committee", mode="pre-screen")
    token_file = tmp / "tokens.yaml"
    token = add_token(token_file, "lid-jansen", "committee")
    port = int(os.environ["STO_TEST_PORT"]) if os.environ.get("STO_TEST_PORT") else None
    with sto_serve({"STO_DATABASE_URL": url, "STO_TOKEN_FILE": str(token_file)}, port=port) as served:
        yield served.base, token, rec.id, url


def test_committee_records_a_judgement_and_the_advice_in_the_browser(server_with_prescreen, browser, shots):  # noqa: F811
    base, token, rid, url = server_with_prescreen
    page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="nl-NL")
    log_in(page, base, token, f"/web/assessments/{rid}")
    assert "oordelen open" in page.inner_text("#stand") and "PART-05" in page.inner_text("#stand")
    assert page.locator("#advies-form").count() == 0
    page.select_option("#regel", "PART-05")
    page.check('input[name="holds"][value="yes"]')
    page.fill("#motivering", MOTIVATION)
    page.click("button:has-text('Oordeel vastleggen')")
    page.wait_for_selector("#advies-form")
    assert "klaar voor advies" in page.inner_text("#stand")
    assert MOTIVATION in page.inner_text('ol.oordelen li[data-rule="PART-05"]')
    page.check('input[name="advice"][value="positive"]')
    page.fill("#advies-motivering", "Een voldragen plan met een brede samenwerking.")
    page.click("button:has-text('Advies vastleggen')")
    page.wait_for_selector("#advies")
    assert page.locator("#advies").get_attribute("data-advice") == "positive"
    assert "positief" in page.inner_text("#stand")
    page.locator("#commissie").screenshot(path=str(shots / "commissie-oordeel-en-advies.png"))
    # with the advice recorded, the page offers the advies and the beschikking, and shows the latter
    assert [a.get_attribute("data-kind") for a in page.locator("a[data-kind]").all()] == ["advies", "beschikking"]
    frame = page.frame_locator("iframe.brief")
    assert "Ik verleen u voor het regionale plan" in frame.locator("body").inner_text()
    with page.expect_download() as download:
        page.click("#pdf")
    assert Path(download.value.path()).read_bytes().startswith(b"%PDF")
    page.goto(f"{base}/overzicht?ronde=1")  # the round overview shows the standing per plan, and still fits
    assert page.locator(f'tr[data-id="{rid}"] .commissie').get_attribute("data-committee") == "positive"
    fits(page)
    page.screenshot(path=str(shots / "rondeoverzicht-commissie.png"), full_page=True)
    page.close()
    with open_store(url, create=False) as store:
        records = store.committee_records(rid)
        assert [r.kind for r in records] == ["judgement", "advice"] and records[0].actor == "lid-jansen"
        assert store.verify().ok
