"""The web app as a person uses it: a real server, a real headless Chromium.

Uvicorn serves a store of the sample corpus (plus a hostile article) on a free
loopback port; Debian's Chromium, driven through chromedriver, clicks from the
stories list to a story, an event and a figure's quote, and checks that the
article page shows that quote highlighted where a reader would look. Screenshots
of each step go to a temporary folder (printed; kept under pytest's basetemp).
``scripts/browser.sh`` installs chromium and chromium-driver; without them the
test skips with a message saying so.
"""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER_CANDIDATES = ("/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver")
BROWSER_ARGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--window-size=1280,1000",
    "--disable-dev-shm-usage",
)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real Uvicorn server over a fresh store, on a free 127.0.0.1 port."""
    import uvicorn

    from newsdesk.store import open_store
    from newsdesk.web import create_app
    from test_web import build_store

    db = build_store(tmp_path_factory.mktemp("browser-store"))
    store = open_store(str(db))
    port = _free_port()
    app = create_app(store, allowed_hosts={"127.0.0.1", "localhost"})
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
    uv = uvicorn.Server(config)
    thread = threading.Thread(target=uv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not uv.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the web server did not start within 20 s")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    uv.should_exit = True
    thread.join(timeout=10)
    store.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed")
    from selenium.common.exceptions import WebDriverException
    from selenium.webdriver.chrome.service import Service

    driver_path = next(
        (p for p in CHROMEDRIVER_CANDIDATES if Path(p).is_file()), shutil.which("chromedriver")
    )
    if not Path(CHROMIUM).is_file() or not driver_path:
        pytest.skip(
            "Debian chromium/chromium-driver are not installed: run scripts/browser.sh "
            "as root (it installs them with apt-get)"
        )
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in BROWSER_ARGS:
        options.add_argument(arg)
    try:
        driver = webdriver.Chrome(service=Service(executable_path=driver_path), options=options)
    except WebDriverException as error:
        pytest.skip(f"headless chromium could not start: {error.msg}")
    driver.set_page_load_timeout(30)
    yield driver
    driver.quit()


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("screenshots")
    print(f"screenshots in {folder}")
    return folder


def test_from_stories_to_the_highlighted_quote(server: str, browser: Any, shots: Path) -> None:
    from selenium.webdriver.common.by import By

    browser.get(server + "/")
    assert browser.find_element(By.TAG_NAME, "h1").text == "Stories"
    browser.save_screenshot(str(shots / "1-home.png"))

    browser.find_element(By.CSS_SELECTOR, "li.story-card h2 a").click()
    assert "/stories/" in browser.current_url
    assert browser.find_element(By.TAG_NAME, "h2").text == "Timeline"
    browser.save_screenshot(str(shots / "2-story.png"))

    with_figures = "//ol[@class='timeline']/li[@data-located][.//span[@class='chip']]//h3/a"
    event_link = browser.find_element(By.XPATH, with_figures)
    label = event_link.text
    event_link.click()
    assert "/events/" in browser.current_url
    assert browser.find_element(By.TAG_NAME, "h1").text == label
    assert browser.find_elements(By.CSS_SELECTOR, "svg.map circle.dot")
    assert browser.find_elements(By.CSS_SELECTOR, "svg.map path.land")
    browser.save_screenshot(str(shots / "3-event.png"))

    quote_link = browser.find_element(By.CSS_SELECTOR, "blockquote.context a.qlink")
    quote = quote_link.find_element(By.TAG_NAME, "mark").text
    assert quote
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'});", quote_link)
    quote_link.click()
    assert "/articles/" in browser.current_url and "mark=" in browser.current_url

    marked = browser.find_element(By.CSS_SELECTOR, "div.text mark.quote.focus")
    assert marked.text == quote
    assert marked.is_displayed()
    top, bottom, height = browser.execute_script(
        "const r = arguments[0].getBoundingClientRect(); "
        "return [r.top, r.bottom, window.innerHeight];",
        marked,
    )
    assert top >= 0 and bottom <= height, "the followed quote is not scrolled into view"
    colour = marked.value_of_css_property("background-color")
    assert colour.replace(" ", "") in {"rgba(255,191,60,1)", "rgb(255,191,60)"}, colour
    browser.save_screenshot(str(shots / "4-article.png"))


def test_hostile_article_runs_no_script(server: str, browser: Any, shots: Path) -> None:
    from selenium.webdriver.common.by import By

    pages = ["/articles/hostile-1", "/search?q=Evil", "/events"]
    browser.get(server + "/api/articles/hostile-1")
    events = [
        e for e in browser.find_element(By.TAG_NAME, "body").text.split('"') if e.startswith("ev-")
    ]
    pages += [f"/events/{e}" for e in events[:3]]
    for page in pages:
        browser.get(server + page)
        for link in browser.find_elements(By.CSS_SELECTOR, "div.text a, dl.artmeta a"):
            assert not (link.get_attribute("href") or "").lower().startswith("javascript")
        assert browser.execute_script("return typeof window.__pwned") == "undefined", page
    browser.get(server + "/articles/hostile-1")
    heading = browser.find_element(By.TAG_NAME, "h1").text
    assert heading.startswith("<script>window.__pwned=1</script>")  # shown as text
    browser.save_screenshot(str(shots / "5-hostile.png"))
    assert browser.execute_script("return typeof window.__pwned") == "undefined"
