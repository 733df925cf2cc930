"""The web pages in a real headless Chromium (Debian's /usr/bin/chromium driven by Playwright;
browsers cannot be downloaded here), against a real `sto serve` on a free loopback port.

A region logs in with its token, uploads a failing example plan on the self-check page, and sees
the failing rule, the fix, the family in red with its label, and the letter preview; the
committee sees the round overview with the chart. Screenshots go to a temporary folder (or to
STO_SCREENSHOT_DIR when set, to look at them).
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from engine.service.auth import add_token
from tests.servers import ROOT, sto_serve

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
FAILING = ROOT / "examples" / "plans" / "cofinanciering-net-onder-10.yaml"
REGION = "Techniekregio IJsselvliet"


@pytest.fixture(scope="module")
def server(tmp_path_factory, chromium):
    tmp = tmp_path_factory.mktemp("web")
    token_file = tmp / "tokens.yaml"
    tokens = {"region": add_token(token_file, "ijsselvliet", f"region:{REGION}"),
              "committee": add_token(token_file, "commissie", "committee")}
    with sto_serve({"STO_DATABASE_URL": f"sqlite:///{tmp}/audit.sqlite", "STO_TOKEN_FILE": str(token_file)}) as served:
        yield served.base, tokens


@pytest.fixture(scope="module")
def browser(chromium):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(chromium), args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture()
def shots(tmp_path) -> Path:
    folder = Path(os.environ.get("STO_SCREENSHOT_DIR") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def log_in(page, base: str, token: str, start: str) -> None:
    page.goto(base + start)
    assert "/inloggen" in page.url  # not logged in yet: sent to the login form
    page.fill("#token", token)
    page.click("button:has-text('Inloggen')")
    page.wait_for_url(base + start)


def test_region_uploads_a_failing_plan_and_sees_the_failing_rule(server, browser, shots):
    base, tokens = server
    page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="nl-NL")
    log_in(page, base, tokens["region"], "/zelfcheck")
    page.set_input_files("#file", str(FAILING))
    page.click("button:has-text('Controleer mijn plan')")
    page.wait_for_url(f"{base}/web/assessments/*")

    assert "Negatief advies" in page.inner_text("#uitkomst")
    fix = page.locator('ol.verbeterlijst li[data-rule="FIN-04"]')
    assert fix.is_visible()
    fix_text = fix.inner_text().replace("\xa0", " ")
    assert "voldoet niet" in fix_text and "9,99%" in fix_text and "Voeg € 350,60 cofinanciering" in fix_text
    financial = page.locator('section.familie[data-family="financial"]')
    assert financial.get_attribute("data-status") == "fail"
    assert "voldoet niet" in financial.locator("summary").inner_text()
    red = financial.evaluate("e => getComputedStyle(e).borderLeftColor")
    assert red == "rgb(179, 38, 30)"  # the --fail colour of sto.css, next to the words "voldoet niet"
    letter = page.frame_locator("iframe.brief")
    assert "FIN-04" in letter.locator("body").inner_text(timeout=30_000)

    page.screenshot(path=str(shots / "web-zelfcheck-resultaat.png"), full_page=True)

    with page.expect_download(timeout=60_000) as download:
        page.click("#pdf")
    pdf = Path(download.value.path()).read_bytes()
    assert pdf.startswith(b"%PDF")
    page.close()


def fits(page, width: int = 1280) -> None:
    """Nothing sticks out at this width: no horizontal scroll of the page nor of the overview table."""
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    table = page.locator("#overzicht")
    if table.count():
        assert table.evaluate("t => t.scrollWidth <= t.parentElement.clientWidth")
        right = page.evaluate("Math.max(...[...document.querySelectorAll('#overzicht a')]"
                              ".map(a => a.getBoundingClientRect().right))")
        assert right <= width  # the links to verdict, explanation and letter are on screen


def test_committee_sees_the_round_overview_with_the_chart(server, browser, shots):
    base, tokens = server
    page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="nl-NL")
    log_in(page, base, tokens["committee"], "/zelfcheck")
    page.set_input_files("#file", str(FAILING))  # the committee may run a check too; the overview shows self-checks
    page.click("button:has-text('Controleer mijn plan')")
    page.wait_for_url(f"{base}/web/assessments/*")
    page.goto(f"{base}/overzicht?ronde=1&soort=self-check")
    row = page.locator(f'tr[data-region="{REGION}"]')
    assert row.is_visible() and "voldoet niet" in row.locator('td[data-family="financial"]').inner_text()
    assert page.locator('#grafiek g[data-rule="FIN-04"]').count() == 1
    fits(page)
    page.screenshot(path=str(shots / "web-overzicht-dienst.png"), full_page=True)
    row.locator("a", has_text="onderbouwing").click()
    page.wait_for_url(f"{base}/web/assessments/*/trace")
    fin04 = page.locator('section.regel-uitleg[data-rule="FIN-04"]')
    assert "Voeg € 350,60" in fin04.inner_text().replace("\xa0", " ")
    assert not fin04.locator("details.controleurs code").first.is_visible()  # folded away for auditors
    page.close()


def test_the_round_report_file_fits_a_laptop_screen(browser, shots, tmp_path):
    from engine.assess import Assessor
    from engine.overview import build_overview, to_html
    from engine.plan import load_plan

    assessor = Assessor()
    items = [{"verdict": assessor.assess(load_plan(p)).verdict, "verdict_href": f"oordelen/{p.name}.json",
              "letter_href": f"brieven/{p.name}.html"} for p in sorted(FAILING.parent.glob("*.yaml"))]
    report = tmp_path / "overzicht.html"
    report.write_text(to_html(build_overview(items, round=1, title="Voortoets ronde 1",
                                             skipped=[("ronde-1/kapot.yaml", "onleesbaar of onvolledig plan — 2 problemen:",
                                                       ["regel 4, kolom 1: geen geldige YAML",
                                                        "regel 9: '2019-13-45' is geen bestaande datum"])])),
                      encoding="utf-8")
    page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="nl-NL")
    page.goto(report.as_uri())
    fits(page)
    bars = page.locator("#grafiek rect.bar")
    track = page.locator("#grafiek rect.bar-track").first.bounding_box()["width"]
    assert bars.count() and all(bars.nth(i).bounding_box()["width"] < track / 2 for i in range(bars.count()))
    page.screenshot(path=str(shots / "web-overzicht.png"), full_page=True)
    page.close()


def test_a_self_check_with_plan_errors_shows_them_on_the_form(server, browser, shots):
    base, tokens = server
    page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="nl-NL")
    log_in(page, base, tokens["region"], "/zelfcheck")
    broken = FAILING.read_text(encoding="utf-8").replace("kind: technical", "kind: foo", 1) \
        .replace("amount: 420000", "amount: -420000", 1)
    page.fill("#plan", broken)
    page.click("button:has-text('Controleer mijn plan')")
    problems = page.locator("#fout li.probleem")
    assert problems.count() == 2 and "/region/kind" in problems.first.inner_text()
    assert page.input_value("#plan") == broken
    fits(page)
    page.screenshot(path=str(shots / "web-zelfcheck-fout.png"), full_page=True)
    page.close()
