"""What a person reads on the web pages: Dutch words, not internal names (the role in the header, the
kind of assessment), times in Dutch time, the plan template to download on the self-check page, a
committee's pre-screen without the self-check's buttons and footer, and a "waarom?" page that says
in plain Dutch what was read, what is required and what to change before the auditors' details."""
from __future__ import annotations

import html as html_lib
import re
from pathlib import Path

import pytest
import yaml

from engine.plan import INIT_TEMPLATE
from engine.service.pages import local_time
from tests.web_login import logged_in, web_tokens

ROOT = Path(__file__).resolve().parents[1]
FAILING = (ROOT / "examples" / "plans" / "cofinanciering-net-onder-10.yaml").read_bytes()  # FIN-04 fails
OWN = "Techniekregio IJsselvliet"


@pytest.fixture()
def tokens(token_file) -> dict[str, str]:
    return web_tokens(token_file)


def visible_text(html: str) -> str:
    html = re.sub(r"<(style|script)\b.*?</\1>", "", html, flags=re.S)
    return html_lib.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)))


def header(html: str) -> str:
    return visible_text(html[html.index("<body>"):html.index("</header>")])


def submitted(client) -> str:
    """Self-check the failing plan on the web page; the assessment page's address."""
    r = client.post("/zelfcheck", files={"file": ("plan.yaml", FAILING, "application/yaml")}, follow_redirects=False)
    assert r.status_code == 303, r.text
    return r.headers["location"]


def pre_screen(client, token: str) -> str:
    r = client.post("/v1/assessments", content=FAILING, params={"mode": "pre-screen"},
                    headers={"Authorization": f"Bearer {token}", "Content-Type": "application/yaml"})
    assert r.status_code == 201, r.text
    return r.json()["links"]["page"]


@pytest.mark.parametrize("who, words", [("region", f"Regio {OWN}"), ("committee", "Commissie"),
                                        ("auditor", "Controleur")])
def test_the_header_names_the_role_in_words(serve, tokens, who, words):
    client = logged_in(serve(), tokens[who])
    for path in ("/zelfcheck",) + (("/overzicht",) if who != "region" else ()):
        text = header(client.get(path).text)
        assert words in text and "region:" not in text and "committee" not in text and "auditor" not in text


def test_overview_headings_and_choices_are_dutch(serve, tokens):
    client = logged_in(serve(), tokens["committee"])
    for soort, words in (("pre-screen", "voortoetsen van de commissie"), ("self-check", "zelfchecks van de regio's")):
        page = client.get("/overzicht", params={"ronde": 1, "soort": soort})
        assert page.status_code == 200
        title = visible_text(re.search(r"<h1>.*?</h1>", page.text, re.S).group(0))
        assert words in title and "pre-screen" not in title.lower()
        options = visible_text("".join(re.findall(r"<option.*?</option>", page.text, re.S)))
        assert "pre-screen" not in options and "self-check" not in options


@pytest.mark.parametrize("iso, shown", [("2026-01-15T10:05:00+00:00", "15-01-2026 11:05"),  # CET, UTC+1
                                        ("2026-07-01T23:30:00+00:00", "02-07-2026 01:30")])  # CEST, UTC+2
def test_times_are_shown_in_dutch_time(iso, shown):
    assert local_time(iso) == shown


def test_the_assessment_page_and_the_list_of_checks_show_dutch_time(serve, tokens):
    client = logged_in(serve(), tokens["region"])
    page = client.get(submitted(client)).text
    rec = client.app.state.service.store.list(region=OWN, mode="self-check", limit=1)[0]
    assert f"getoetst op {local_time(rec.created_at)}" in visible_text(page)
    assert "ingediend op 18 maart 2019" in visible_text(page)
    assert "UTC" not in visible_text(page) and "UTC" not in visible_text(client.get("/zelfcheck").text)
    assert local_time(rec.created_at) in visible_text(client.get("/zelfcheck").text)


def test_the_self_check_page_offers_the_plan_template_with_the_regions_name(serve, tokens):
    client = logged_in(serve(), tokens["region"])
    page = client.get("/zelfcheck").text
    assert 'href="/zelfcheck/sjabloon.yaml"' in page and "Download het sjabloon" in page
    r = client.get("/zelfcheck/sjabloon.yaml")
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/yaml")
    assert 'filename="plan.yaml"' in r.headers["content-disposition"]
    assert yaml.safe_load(r.text)["region"]["name"] == OWN  # still a template: its examples are refused as a plan
    assert r.text.replace(f"name: {OWN}  ", "name: Regio Voorbeeld            ", 1) == INIT_TEMPLATE
    committee = logged_in(serve(), tokens["committee"]).get("/zelfcheck/sjabloon.yaml")
    assert committee.text == INIT_TEMPLATE
    client.cookies.clear()
    assert client.get("/zelfcheck/sjabloon.yaml", follow_redirects=False).status_code == 303  # log in first


def test_a_pre_screen_page_has_no_self_check_buttons_or_footer(serve, tokens):
    client = logged_in(serve(), tokens["committee"])
    own = visible_text(client.get(submitted(client)).text)
    assert "Nieuwe zelfcheck" in own and "een zelfcheck is een advies aan de regio" in own
    page = visible_text(client.get(pre_screen(client, tokens["committee"])).text)
    assert page.count("Voortoets") >= 1 and "Pre-screen" not in page and "pre-screen" not in page
    assert "Nieuwe zelfcheck" not in page and "zelfcheck is een advies" not in page
    assert "Concept van de brief" in page and "Rondeoverzicht" in page


def test_the_why_page_speaks_plain_dutch_and_folds_the_auditors_details(serve, tokens):
    client = logged_in(serve(), tokens["region"])
    base = submitted(client)
    html = client.get(base + "/trace", params={"rule": "FIN-04"}).text
    plain = visible_text(re.sub(r"<details\b.*?</details>", "", html, flags=re.S))
    assert "Wat we in het plan lazen" in plain and "aandeel cofinanciering bedrijfsleven: 9,99%" in plain
    assert "Wat de regel vraagt" in plain and "10,00%" in plain
    assert "Wat er moet veranderen" in plain and "Voeg € 350,60 cofinanciering" in plain.replace("\xa0", " ")
    for internal in ("cofinancing_share_bp", "min_cofinancing_share", "FIN-04__fail", "/budget/cofinancing/0/amount"):
        assert internal not in plain and internal in visible_text(html)  # there, but folded away
    folded = re.findall(r"<details class=\"controleurs\"[^>]*>\s*<summary>(.*?)</summary>", html, re.S)
    assert folded and all(s.startswith("voor controleurs") for s in folded)
    assert plain.index("Wat we in het plan lazen") < plain.index("Wat er moet veranderen")
    everything = client.get(base + "/trace").text
    order = re.findall(r'<section class="regel-uitleg[^"]*" id="regel-([A-Z0-9-]+)"', everything)
    assert order[0] == "FIN-04" and len(order) == len(set(order)) > 10  # what needs work first, then the rest
