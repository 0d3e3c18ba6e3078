"""nrcgraph review with real components: a fixture release drafted in a workspace made by
'nrcgraph init', reviewed in Chromium by keyboard, added, and then asked about with the
saved queries and SPARQL; the same for scripts (--accept-all); recognition in draft; the
page's guard (token, Host); and a review killed while saving."""

from __future__ import annotations

import csv
import io
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
RELEASE = HERE / "drafts" / "2013-03-15-ambassadors.html"
NRC = "https://w3id.org/nrcgraph/ontology#"
ID = "https://w3id.org/nrcgraph/id/"
KNOWN = ID + "meeting/test-ambassadors-2008-01-15"
DECISIONS = """
SELECT ?node ?action ?who ?when WHERE {
  ?d a nrc:ReviewDecision ; nrc:decisionOn ?node ; nrc:reviewAction ?action ;
     prov:wasAssociatedWith/rdfs:label ?who ; prov:endedAtTime ?when .
} ORDER BY ?when
"""


def env() -> dict:
    out = dict(os.environ)
    out["PYTHONPATH"] = str(ROOT / "src") + os.pathsep + out.get("PYTHONPATH", "")
    out["PATH"] = str(Path(sys.executable).parent) + os.pathsep + out.get("PATH", "")
    out.pop("NRCGRAPH_WORKSPACE", None)
    return out


def nrcgraph(*args: str, cwd: Path, check: bool = True) -> subprocess.CompletedProcess:
    done = subprocess.run(
        [sys.executable, "-m", "nrcgraph", *args], cwd=cwd, env=env(), capture_output=True, text=True, timeout=300
    )
    if check:
        assert done.returncode == 0, f"{args}\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    assert "Traceback" not in done.stderr
    return done


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def workspace(tmp_path: Path, known_meeting: bool = True) -> Path:
    """A workspace made by 'nrcgraph init', holding (if asked) a meeting of the NRC on the
    release's date under another IRI, and the release drafted into drafts/."""
    work = tmp_path / "ws"
    nrcgraph("init", str(work), cwd=tmp_path)
    if known_meeting:
        good = (HERE / "good" / "new-meeting.ttl").read_text(encoding="utf-8")
        known = good.replace(
            'nrc:date "2008-01-15"^^xsd:date ;', 'nrc:date "2013-03-15"^^xsd:date ;\n    nrc:forum organisation:nrc ;'
        )
        assert known != good
        (work / "known.ttl").write_text(known, encoding="utf-8")
        shutil.copytree(HERE / "good" / "sources", work / "sources")
        nrcgraph("add", "known.ttl", cwd=work)
    nrcgraph("draft", str(RELEASE), "-o", "drafts/release.ttl", cwd=work)
    return work


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Reviewing:
    """'nrcgraph review DRAFT --no-browser' running in a workspace, and its printed address."""

    def __init__(self, work: Path, draft: str, reviewer: str):
        self.port = free_port()
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "nrcgraph",
                "review",
                draft,
                "--no-browser",
                "--reviewer",
                reviewer,
                "--port",
                str(self.port),
            ],
            cwd=work,
            env=env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        line = self.process.stdout.readline()  # type: ignore[union-attr]
        assert line.startswith("review at http://127.0.0.1:"), line + self.process.stderr.read()  # type: ignore[union-attr]
        self.url = line.split(" at ", 1)[1].strip()
        self.token = self.url.split("token=", 1)[1]
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                urllib.request.urlopen(self.url, timeout=5).read()
                break
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.2)

    def close(self) -> None:
        self.process.send_signal(signal.SIGINT)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def status_of(url: str, method: str = "POST", headers: dict | None = None, body: bytes = b"{}") -> int:
    request = urllib.request.Request(url, data=body if method == "POST" else None, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            return answer.status
    except urllib.error.HTTPError as exc:
        return exc.code


def http_status(port: int, path: str, host: str, headers: dict[str, str], body: bytes = b"{}") -> int:
    """A POST sent with exactly this Host header (urllib would put the address's)."""
    import http.client

    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.putrequest("POST", path, skip_host=True)
    connection.putheader("Host", host)
    for k, v in {**headers, "Content-Type": "application/json", "Content-Length": str(len(body))}.items():
        connection.putheader(k, v)
    connection.endheaders(body)
    status = connection.getresponse().status
    connection.close()
    return status


# --- in a browser ---------------------------------------------------------------------


def test_review_in_chromium_by_keyboard_then_add(tmp_path):
    from test_export import CHROMIUM, DRIVER

    if not (CHROMIUM and DRIVER):
        pytest.skip("Debian's chromium and chromium-driver are not installed")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    work = workspace(tmp_path)
    draft = work / "drafts" / "release.ttl"
    assert KNOWN.rsplit("/", 1)[1] in draft.read_text(encoding="utf-8")  # recognised: the graph's meeting
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--window-size=1400,900"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(DRIVER), options=options)
    server = Reviewing(work, "drafts/release.ttl", "Rita Reviewer")
    try:
        driver.get(server.url)
        ready(driver)
        text = driver.execute_script("return document.body.innerText")
        assert "took part as chair" in text and "https://w3id.org" not in text  # plain words, no bare IRIs
        confidences = driver.execute_script(
            "return [...document.querySelectorAll('.card.pending')].map(c => c.querySelector('.tag').textContent)"
        )
        values = [float(c.split()[-1]) for c in confidences]
        assert values == sorted(values)  # least sure first

        holding = ID + "post-holding/anders-fogh-rasmussen-nato-secretary-general-2013-03-15"
        rejected = ID + "position/2013-03-15-agreed-counter-terrorism"
        # Focusing a card highlights its passage in the release.
        go_to(driver, holding)
        assert driver.execute_script("return document.querySelectorAll('mark.hl').length") >= 1

        # One meeting merged with the graph's: m opens the candidates, Enter takes the first.
        go_to(driver, KNOWN)
        press(driver, "m")
        assert driver.execute_script("return document.activeElement.dataset.target") == KNOWN
        reload_after(driver, lambda: press(driver, "\ue007"))  # Enter
        # One date edited: e opens the fields, the date first.
        go_to(driver, holding)
        press(driver, "e")
        assert driver.execute_script("return document.activeElement.dataset.kind") == "date"
        field = driver.switch_to.active_element
        field.send_keys("\ue009a")  # Ctrl+A
        field.send_keys("2013-03-14")
        reload_after(driver, lambda: field.send_keys("\ue007"))
        # One fact accepted.
        go_to(driver, holding)
        reload_after(driver, lambda: press(driver, "a"))
        # One node rejected.
        go_to(driver, rejected)
        reload_after(driver, lambda: press(driver, "r"))
        # The rest accepted, one by one.
        while True:
            pending = driver.execute_script(
                "return [...document.querySelectorAll('.card.pending')].map(c => c.dataset.node)"
            )
            if not pending:
                break
            go_to(driver, pending[0])
            reload_after(driver, lambda: press(driver, "a"))
        assert "Every node is decided" in driver.execute_script("return document.body.innerText")
        press(driver, "g")
        wait(driver, "return document.getElementById('add-result').dataset.done")
        result = driver.execute_script("return document.getElementById('add-result')")
        assert result.get_attribute("data-done") == "added", result.text
        errors = [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]
        assert errors == []
    finally:
        server.close()
        driver.quit()

    holders = rows(nrcgraph("query", "post-holders", "-f", "csv", cwd=work).stdout)
    dates = {r["attestedOn"] for r in holders if r["name"] == "Anders Fogh Rasmussen"}
    assert "2013-03-14" in dates and "2013-03-15" not in dates
    meetings = rows(nrcgraph("query", "meetings", "-f", "csv", cwd=work).stdout)
    on_the_day = [r["meeting"] for r in meetings if r["date"] == "2013-03-15"]
    assert on_the_day == [KNOWN]  # merged: no second meeting
    positions = nrcgraph("sparql", f"ASK {{ <{rejected}> ?p ?o }}", "-f", "csv", cwd=work).stdout
    assert "false" in positions.lower()
    decisions = rows(nrcgraph("sparql", DECISIONS, "-f", "csv", cwd=work).stdout)
    decisions = [r for r in decisions if r["who"] != "nrcgraph developers"]  # the bundled example
    assert {r["who"] for r in decisions} == {"Rita Reviewer"}
    actions = {r["action"].rsplit("/", 1)[-1] for r in decisions}
    assert actions == {"accepted", "edited", "rejected", "merged"}
    assert all(r["when"][:4].isdigit() and "T" in r["when"] for r in decisions)
    assert any(r["node"] == rejected for r in decisions)


def ready(driver):
    wait(driver, "return document.body && document.body.dataset.ready === 'yes'")


def wait(driver, script, timeout=60):
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            value = driver.execute_script(script)
        except Exception:  # noqa: BLE001  (the page is reloading)
            value = None
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for: {script}")


def press(driver, key):
    driver.switch_to.active_element.send_keys(key)


def go_to(driver, node):
    """k to the first card, then j until the card of ``node`` has the focus (the keyboard's way)."""
    for _ in range(40):
        press(driver, "k")
    for _ in range(40):
        if driver.execute_script("return document.activeElement.dataset.node") == node:
            return
        press(driver, "j")
    raise AssertionError(f"no card for {node}")


def reload_after(driver, action):
    driver.execute_script("document.body.dataset.ready = 'old'")
    action()
    wait(driver, "return document.body.dataset.ready === 'yes'")
    alerts = driver.execute_script(
        "return [...document.querySelectorAll('.alert')].map(a => a.textContent).filter(t => t)"
    )
    assert alerts == []


# --- for scripts ----------------------------------------------------------------------


def test_accept_all_records_decisions_and_adds(tmp_path):
    work = workspace(tmp_path)
    rejected = "position:2013-03-15-agreed-counter-terrorism"
    nrcgraph(
        "review",
        "drafts/release.ttl",
        "--accept-all",
        "--reviewer",
        "Sam Script",
        "--reject",
        rejected,
        "--add",
        cwd=work,
    )
    text = (work / "drafts" / "release.ttl").read_text(encoding="utf-8")
    assert "review:draft" not in text and "nrc:ReviewDecision" in text
    decisions = rows(nrcgraph("sparql", DECISIONS, "-f", "csv", cwd=work).stdout)
    decisions = [r for r in decisions if r["who"] != "nrcgraph developers"]  # the bundled example
    assert {r["who"] for r in decisions} == {"Sam Script"}
    actions = {r["action"].rsplit("/", 1)[-1] for r in decisions}
    assert {"accepted", "rejected", "merged"} <= actions
    meetings = rows(nrcgraph("query", "meetings", "-f", "csv", cwd=work).stdout)
    assert [r["meeting"] for r in meetings if r["date"] == "2013-03-15"] == [KNOWN]
    ask = nrcgraph(
        "sparql", f"ASK {{ {rejected.replace('position:', '<' + ID + 'position/')}> ?p ?o }}", "-f", "csv", cwd=work
    )
    assert "false" in ask.stdout.lower()
    again = nrcgraph("validate", "drafts/release.ttl", cwd=work)
    assert "0 violations" in again.stdout


def test_a_meeting_already_in_the_graph_keeps_its_iri(tmp_path):
    work = workspace(tmp_path, known_meeting=False)
    nrcgraph("review", "drafts/release.ttl", "--accept-all", "--reviewer", "A", "--add", cwd=work)
    nrcgraph("draft", str(RELEASE), "-o", "drafts/again.ttl", cwd=work)
    text = (work / "drafts" / "again.ttl").read_text(encoding="utf-8")
    assert "meeting:nrc-ambassadors-2013-03-15\n" in text and "nrc-ambassadors-2013-03-15-2" not in text
    assert "merge: the graph's meeting:nrc-ambassadors-2013-03-15 has the same forum and date" in text
    nrcgraph("review", "drafts/again.ttl", "--accept-all", "--reviewer", "A", "--add", cwd=work)
    meetings = rows(nrcgraph("query", "meetings", "-f", "csv", cwd=work).stdout)
    assert [r["meeting"] for r in meetings if r["date"] == "2013-03-15"] == [ID + "meeting/nrc-ambassadors-2013-03-15"]


# --- the guard --------------------------------------------------------------------------


def test_the_page_refuses_writes_without_the_token_or_from_another_host(tmp_path):
    work = workspace(tmp_path, known_meeting=False)
    before = (work / "drafts" / "release.ttl").read_bytes()
    server = Reviewing(work, "drafts/release.ttl", "G")
    try:
        host = f"127.0.0.1:{server.port}"
        path = "/draft/0/decide"
        body = b'{"action": "accept", "node": "meeting:nrc-ambassadors-2013-03-15"}'
        assert http_status(server.port, path, host, {}, body) == 403
        assert http_status(server.port, path, host, {"X-Review-Token": "wrong"}, body) == 403
        assert http_status(server.port, path, "evil.example:80", {"X-Review-Token": server.token}, body) == 403
        assert http_status(server.port, "/draft/0/add", host, {}) == 403
        assert status_of(f"http://{host}/draft/0", method="GET") == 403  # pages need it too
        assert (work / "drafts" / "release.ttl").read_bytes() == before
        assert http_status(server.port, path, host, {"X-Review-Token": server.token}, body) == 200
    finally:
        server.close()
    assert b"ReviewDecision" in (work / "drafts" / "release.ttl").read_bytes()


# --- killed while saving -------------------------------------------------------------------

SAVER = """
import sys
from nrcgraph.review import Draft
from rdflib import Literal, URIRef
from rdflib.namespace import XSD
path = sys.argv[1]
node = "https://w3id.org/nrcgraph/id/post-holding/anders-fogh-rasmussen-nato-secretary-general-2013-03-15"
p = "https://w3id.org/nrcgraph/ontology#attestedOn"
print("ready", flush=True)
i = 0
while True:
    d = Draft(path, "K")
    old = d.g.value(URIRef(node), URIRef(p))
    d.edit(node, p, old, Literal("2013-03-%02d" % (1 + i % 28), datatype=XSD.date))
    d.save()
    i += 1
"""


def test_a_review_killed_while_saving_leaves_the_draft_whole(tmp_path):
    import rdflib

    work = workspace(tmp_path, known_meeting=False)
    draft = work / "drafts" / "release.ttl"
    for _ in range(4):
        process = subprocess.Popen(
            [sys.executable, "-c", SAVER, str(draft)], env=env(), stdout=subprocess.PIPE, text=True
        )
        assert process.stdout.readline().strip() == "ready"  # type: ignore[union-attr]
        time.sleep(0.5 + random.random())
        process.send_signal(signal.SIGKILL)
        process.wait()
        g = rdflib.Graph().parse(draft, format="turtle")  # whole: it parses
        assert (None, rdflib.URIRef(NRC + "sourceFile"), None) in g
        assert len(set(g.subjects(rdflib.RDF.type, rdflib.URIRef(NRC + "Meeting")))) == 1
    assert not [p for p in draft.parent.iterdir() if p.name.startswith(".") or p.suffix == ".tmp"]


# --- serve's /review ----------------------------------------------------------------------


def test_serve_lists_the_workspaces_drafts_read_only(tmp_path):
    from starlette.testclient import TestClient

    import nrcgraph
    from nrcgraph.web.server import Limits, Source, create_app

    work = workspace(tmp_path, known_meeting=False)
    source = Source(nrcgraph.load())
    source.drafts = work / "drafts"  # type: ignore[attr-defined]
    with TestClient(create_app(source, nrcgraph.Catalogue(), Limits(workers=1))) as client:
        page = client.get("/review", headers={"Accept": "text/html"})
        assert page.status_code == 200
        assert "drafts/release.ttl" in page.text and "nrcgraph review drafts/FILE.ttl" in page.text
        listed = client.get("/review", headers={"Accept": "application/json"}).json()["drafts"]
        assert listed == [{"file": "release.ttl", "pending": 8, "decided": 0, "error": False}]
