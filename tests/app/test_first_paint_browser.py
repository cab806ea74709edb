"""The first paint comes from index.html alone and stays the largest (Chromium): the shell's own styles and
welcome paint before any other file is asked for, the login shows that same welcome, and the conference
pick needs no time-zone data unless a conference is within a day of now."""

from __future__ import annotations

import time

import pytest

from tests.support.browser import (
    PASSWORD,
)

#: The size of the page's largest contentful paint so far (the last candidate reported).
LARGEST = """() => new Promise((resolve) => new PerformanceObserver((list, observer) => {
  observer.disconnect();
  resolve(list.getEntries().at(-1).size);
}).observe({ type: "largest-contentful-paint", buffered: true }))"""


def welcome_size(page) -> float:
    """The largest paint of the shell alone (no module runs): its welcome."""
    page.route("**/app/**", lambda route: route.abort())
    page.goto("/", wait_until="load")
    size = page.evaluate(LARGEST)
    page.unroute("**/app/**")
    return size


def test_the_login_shows_the_welcome_of_the_first_paint_and_nothing_larger(page):
    """The largest paint is the welcome index.html paints: Lighthouse then times it with the first paint."""
    welcome = welcome_size(page)
    page.goto("/")
    page.get_by_role("button", name="Create account").wait_for()
    assert page.locator("#view .hero").inner_text().startswith("Meet people on purpose")
    assert page.evaluate(LARGEST) == welcome


def test_today_on_a_new_phone_draws_nothing_larger_than_the_welcome(page):
    email = f"first.paint.{time.monotonic_ns()}@example.org"
    created = page.request.post("/api/v1/auth/register", data={"email": email, "password": PASSWORD, "name": "Pat"})
    assert created.ok, created.text()
    welcome = welcome_size(page)
    page.goto("/")
    page.locator(".counters").wait_for()
    assert page.locator("#welcome").count() == 0
    assert page.evaluate(LARGEST) == welcome


#: When the first paint came, and when each file the page asked for was asked for (ms since the page began).
TIMING = """() => ({
  paint: performance.getEntriesByName("first-contentful-paint")[0].startTime,
  files: performance.getEntriesByType("resource").map((file) => [file.name, file.startTime]),
})"""


def test_the_shell_paints_its_styled_welcome_before_it_asks_for_any_other_file(page):
    """No file can hold the first paint back (Lighthouse counts every request started before it as needed
    for it): the page's own styles draw the top bar, and the app's files are asked for after the paint."""
    page.goto("/")
    page.get_by_role("button", name="Create account").wait_for()
    timing = page.evaluate(TIMING)
    # The page's icon is the browser's own low-priority fetch, which may come first: an image holds no paint back.
    asked = {name: start for name, start in timing["files"] if "/icons/" not in name}
    assert any("/app/main.js?v=" in name for name in asked) and any("/auth/session" in name for name in asked)
    assert all(start >= timing["paint"] for start in asked.values()), timing
    bar = page.locator(".topbar").evaluate("(bar) => [getComputedStyle(bar).backgroundColor, bar.offsetHeight]")
    assert bar == ["rgb(11, 92, 107)", 56]  # the brand colour, 56 px


#: As in a browser that never reports a paint to the page.
NO_PAINT_REPORTED = "PerformanceObserver.prototype.observe = function () {};"


@pytest.mark.parametrize(
    "without",
    [
        "Object.defineProperty(document, 'visibilityState', { get: () => 'hidden' });",  # a hidden tab paints nothing
        "Object.defineProperty(PerformanceObserver, 'supportedEntryTypes', { get: () => [] });",  # says it will not
    ],
    ids=["hidden tab", "no paint timing"],
)
def test_a_page_that_will_not_report_a_paint_starts_the_app_at_once(page, without):
    page.add_init_script(without + NO_PAINT_REPORTED)
    page.goto("/")
    page.get_by_role("button", name="Create account").wait_for()


#: nowOrNext against the same pick with every conference's today worked out in its own zone.
EXACT_PICKS = """async () => {
  const { nowOrNext } = await import("/app/program.js");
  const { dayOf } = await import("/app/ui.js");
  const exact = (list, now) => {
    const dated = list.filter((c) => c.starts_on);
    const today = (c) => dayOf(now.toISOString(), c.timezone);
    const last = (c) => c.ends_on || c.starts_on;
    const on = dated.filter((c) => c.starts_on <= today(c) && today(c) <= last(c));
    const next = dated.filter((c) => c.starts_on > today(c)).sort((a, b) => a.starts_on.localeCompare(b.starts_on));
    const past = dated.filter((c) => last(c) < today(c)).sort((a, b) => last(b).localeCompare(last(a)));
    return on[0] || next[0] || past[0] || list[0] || null;
  };
  const zones = ["Pacific/Kiritimati", "Pacific/Pago_Pago", "Etc/GMT+12", "America/New_York", "Asia/Kolkata", "UTC"];
  const day = (offset) => new Date(Date.UTC(2030, 5, 15 + offset)).toISOString().slice(0, 10);
  const differ = [];
  let compared = 0;
  for (let hour = 0; hour < 24; hour += 1) {
    const now = new Date(Date.UTC(2030, 5, 15, hour, 30));
    for (const timezone of zones) {
      for (let start = -3; start <= 3; start += 1) {
        for (const length of [0, 1]) {
          const one = { slug: "one", timezone, starts_on: day(start), ends_on: length ? day(start + length) : null };
          for (const other of [{ slug: "other", timezone: "UTC", starts_on: day(start + 2), ends_on: day(start + 3) },
            { slug: "older", timezone: "Asia/Tokyo", starts_on: day(start - 3), ends_on: day(start - 2) }]) {
            const list = [one, other];
            compared += 1;
            if (nowOrNext(list, now)?.slug !== exact(list, now)?.slug) differ.push([now.toISOString(), one, other]);
          }
        }
      }
    }
  }
  return { compared, differ };
}"""


def test_the_conference_pick_matches_the_one_made_in_every_conferences_own_zone(page):
    """Only a conference within a day of now needs its zone's date; the others are told apart by UTC's."""
    page.goto("/")
    page.get_by_role("button", name="Create account").wait_for()
    result = page.evaluate(EXACT_PICKS)
    assert result["compared"] > 2000 and result["differ"] == [], result["differ"][:3]


def test_a_visit_the_service_worker_serves_starts_the_app_at_once(page):
    """Its files are at hand: waiting for the paint would only make the screen later."""
    page.goto("/")
    page.get_by_role("button", name="Create account").wait_for()
    page.evaluate("navigator.serviceWorker.ready")
    page.wait_for_function("!!navigator.serviceWorker.controller")
    page.add_init_script(NO_PAINT_REPORTED)
    page.reload()
    page.get_by_role("button", name="Create account").wait_for()
