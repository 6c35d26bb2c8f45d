"""Do pages stay flat as data grows? Every public page and export, timed at the demo data set
and at the large one (``bench.large``), through gunicorn, and its queries counted at both.

For each data set the kept database is made current (seeded only the first time) and the
pages are found and their queries counted in a Django process of its own (``bench.pages``).
Then two gunicorns (``bench.server``, the signing bench's workers, Redis as the cache when
``REDIS_URL`` is set), one on each database, run side by side, and one keep-alive client per
server asks for each page alternately from the demo server and the large one (so the load of
a shared machine weighs on both alike), ``MIN_SAMPLES``..``MAX_SAMPLES`` times each (3 for a
page that takes seconds), keeping the medians. ``robots.txt``, asked 40 times before and 40
after the pages from the same workers, is the floor.

Lines (``docs/benchmarks.md``):

``growth_<page>``
    value = large ms / demo ms (target ≤ 1.5), baseline = robots.txt large / demo (the
    machine's own drift between the two servers, ~1), ratio = value / baseline.
``page_<page>_ms``
    value = the page's median ms at the large data set, baseline = robots.txt's there.
``queries_<page>``
    value = queries at the large data set, baseline = at the demo's (target: equal).
``sitemap_peak_mb``
    a fresh server at the large data set: the largest worker's resident memory (MB) after a
    crawl of the whole sitemap (``/sitemap.xml`` and every sitemap it lists, from two
    connections), baseline = the same after as many robots.txt requests.

Run alone with ``python -m bench.growth [--table FILE] [--only page,page]``; ``--table``
also writes the figures as a Markdown table.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import statistics
import subprocess
import sys
import threading
import time
import uuid

from bench.server import ROOT, Gunicorn

MIN_SAMPLES, MAX_SAMPLES = 5, 31
SAMPLE_SECONDS = 8  # stop sampling a page after this long, once it has MIN_SAMPLES
SLOW_PAGE_SECONDS = 2  # a page whose warm-up took longer gets 3 samples
ROBOTS_SAMPLES = 40


def _log(message: str) -> None:
    sys.stderr.write(f"[bench.growth] {message}\n")
    sys.stderr.flush()


def _subprocess_env() -> dict:
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
    env.pop("DATABASE_URL", None)
    return env


def ensure_database(*, demo: bool) -> str:
    """The URL of the kept demo (or large) database, seeding it first when it needs it."""
    command = [sys.executable, "-m", "bench.large"] + (["--demo"] if demo else [])
    done = subprocess.run(command, cwd=ROOT, env=_subprocess_env(), stdout=subprocess.PIPE, text=True, check=True)
    return done.stdout.strip().splitlines()[-1]


def probe(database_url: str, only: set[str] | None = None) -> dict:
    env = {**_subprocess_env(), "DATABASE_URL": database_url, "DJANGO_SETTINGS_MODULE": "bench.settings"}
    command = [sys.executable, "-m", "bench.pages"] + ([",".join(sorted(only))] if only else [])
    done = subprocess.run(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


class _Client:
    """One keep-alive connection, as a browser or crawler holds one."""

    def __init__(self, port: int):
        self.port = port
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)

    def get(self, path: str) -> int:
        for attempt in (1, 2):
            try:
                self.conn.request("GET", path, headers={"Accept-Encoding": "gzip, deflate, br"})
                response = self.conn.getresponse()
                response.read()
                break
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                # The server closed the connection while it sat idle past gunicorn's keep-alive
                # (the other server was busy with a page that takes a minute): reconnect once,
                # as a browser does.
                self._reconnect()
                if attempt == 2:
                    raise
        if response.getheader("Connection", "").lower() == "close":
            self._reconnect()
        return response.status

    def _reconnect(self) -> None:
        self.conn.close()
        self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=600)

    def timed(self, path: str) -> float:
        start = time.perf_counter()
        status = self.get(path)
        elapsed = (time.perf_counter() - start) * 1000
        if status != 200:
            raise RuntimeError(f"{path}: HTTP {status}")
        return elapsed

    def close(self):
        self.conn.close()


def _paired(clients: tuple[_Client, _Client], paths: tuple[str, str], *, samples: int | None = None):
    """Samples of one page from both servers, alternating request by request, so whatever else
    the machine does at that moment weighs on both sides alike. ``samples`` fixes the number;
    otherwise two warm-up requests each (one for a page that takes seconds), then at least
    ``MIN_SAMPLES`` each until ``SAMPLE_SECONDS`` have passed (3 for a slow page)."""
    slow = False
    if samples is None:
        warm = [client.timed(path) for client, path in zip(clients, paths, strict=True)]
        slow = max(warm) >= SLOW_PAGE_SECONDS * 1000
        if not slow:
            for client, path in zip(clients, paths, strict=True):
                client.timed(path)
    times: tuple[list[float], list[float]] = ([], [])
    started = time.monotonic()
    while True:
        for side, (client, path) in enumerate(zip(clients, paths, strict=True)):
            times[side].append(client.timed(path))
        n = len(times[0])
        if samples is not None:
            if n >= samples:
                return times
        elif (
            (slow and n >= 3)
            or n >= MAX_SAMPLES
            or (n >= MIN_SAMPLES and time.monotonic() - started > 2 * SAMPLE_SECONDS)
        ):
            return times


def _server_env(database_url: str, *, page_cache: bool = False) -> dict:
    # One cache key space shared by both workers, new for every server (nothing from a former run).
    env = {"BENCH_CACHE_KEY_PREFIX": f"bench-growth-{uuid.uuid4().hex[:12]}"}
    if page_cache:
        env["BENCH_PAGE_CACHE_SECONDS"] = "300"
    return env


def time_pages(
    demo_url: str, large_url: str, demo_paths: dict[str, str], large_paths: dict[str, str], *, page_cache=False
):
    """Median ms of every page and of robots.txt at both sizes, from two servers running side by
    side, asked alternately: ``({page: (demo ms, large ms)}, (demo robots ms, large robots ms))``.
    ``page_cache`` serves anonymous pages from the page cache, as production does."""
    with (
        Gunicorn(demo_url, extra_env=_server_env(demo_url, page_cache=page_cache)) as demo_port,
        Gunicorn(large_url, extra_env=_server_env(large_url, page_cache=page_cache)) as large_port,
    ):
        clients = (_Client(demo_port), _Client(large_port))
        robots = _paired(clients, ("/robots.txt", "/robots.txt"), samples=ROBOTS_SAMPLES)
        medians = {}
        for name in demo_paths:
            try:
                demo, large = _paired(clients, (demo_paths[name], large_paths[name]))
            except (RuntimeError, OSError, http.client.HTTPException) as error:  # the others still count
                _log(f"{name}: {error}")
                continue
            medians[name] = (statistics.median(demo), statistics.median(large))
            _log(f"{name}: {medians[name][0]:.1f} ms -> {medians[name][1]:.1f} ms")
        after = _paired(clients, ("/robots.txt", "/robots.txt"), samples=ROBOTS_SAMPLES)
        for client in clients:
            client.close()
    return medians, (statistics.median(robots[0] + after[0]), statistics.median(robots[1] + after[1]))


def growth_benchmarks(emit, *, table: str | None = None, only: set[str] | None = None) -> None:
    if not os.environ.get("REDIS_URL"):
        sys.stderr.write("[bench.growth] REDIS_URL is not set: the servers cache in process memory\n")
    demo_url = ensure_database(demo=True)
    large_url = ensure_database(demo=False)
    demo, large = probe(demo_url, only), probe(large_url, only)
    _log("pages found and their queries counted at both sizes; timing them")
    names = [name for name in large["urls"] if name in demo["urls"] and (not only or name in only)]
    medians, (demo_robots, large_robots) = time_pages(
        demo_url,
        large_url,
        {name: demo["urls"][name] for name in names},
        {name: large["urls"][name] for name in names},
    )
    rows = []
    for name, (demo_ms, large_ms) in medians.items():
        emit(f"growth_{name}", large_ms / demo_ms, "x", large_robots / demo_robots)
        emit(f"page_{name}_ms", large_ms, "ms", large_robots)
        emit(f"queries_{name}", large["queries"][name], "queries", demo["queries"][name])
        rows.append((name, demo_ms, large_ms, demo["queries"][name], large["queries"][name]))
    # The list exports send every row, so building one grows with the rows by nature; what a
    # reader waits for in production is the kept copy (the page cache keeps a streamed export
    # once read to its end, until a petition changes): timed again with the cache on.
    exports = [name for name in medians if "export" in name]
    if exports:
        kept, kept_robots = time_pages(
            demo_url,
            large_url,
            {name: demo["urls"][name] for name in exports},
            {name: large["urls"][name] for name in exports},
            page_cache=True,
        )
        for name, (demo_ms, large_ms) in kept.items():
            emit(f"growth_{name}_kept", large_ms / demo_ms, "x", kept_robots[1] / kept_robots[0])
            emit(f"page_{name}_kept_ms", large_ms, "ms", kept_robots[1])
    memory = None
    if large["sitemaps"]:
        memory = sitemap_memory(Gunicorn(large_url, extra_env=_server_env(large_url)), large["sitemaps"])
        emit("sitemap_peak_mb", memory[0], "MB", memory[1])
    if table:
        _write_table(table, rows, (demo_robots, large_robots), memory, large["sitemaps"])


def sitemap_memory(server: Gunicorn, sitemaps: list[str]) -> tuple[float, float]:
    """(largest worker RSS in MB after a full crawl of the sitemap, after as many robots.txt
    requests), on a fresh server; two connections, so both workers take part."""
    with server as port:

        def crawl(paths):
            clients = [_Client(port) for _ in range(2)]
            threads = [threading.Thread(target=lambda c=c: [c.get(p) for p in paths]) for c in clients]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            for client in clients:
                client.close()

        crawl(["/robots.txt"] * len(sitemaps))
        baseline = server.rss_mb()
        crawl(sitemaps)
        return server.rss_mb(), baseline


def _write_table(path, rows, robots, memory, sitemaps) -> None:
    lines = [
        "| page | demo ms | large ms | growth (large/demo) | ÷ robots growth | queries demo | queries large |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
        f"| robots.txt (floor) | {robots[0]:.2f} | {robots[1]:.2f} | {robots[1] / robots[0]:.2f} | 1.00 | | |",
    ]
    drift = robots[1] / robots[0]
    for name, demo_ms, large_ms, demo_q, large_q in rows:
        growth = large_ms / demo_ms
        lines.append(
            f"| {name} | {demo_ms:.1f} | {large_ms:.1f} | {growth:.2f} | {growth / drift:.2f} | {demo_q} | {large_q} |"
        )
    if memory:
        lines.append("")
        lines.append(
            f"sitemap_peak_mb: {memory[0]:.0f} MB (largest worker after crawling {len(sitemaps)} sitemap "
            f"URL(s) from two connections) vs {memory[1]:.0f} MB after as many robots.txt requests."
        )
    with open(path, "w", encoding="utf-8") as handle:
        handle.write("\n".join(lines) + "\n")


def _emit(name: str, value: float, unit: str, baseline: float) -> None:
    record = {
        "name": name,
        "value": round(value, 3),
        "unit": unit,
        "baseline": round(baseline, 3),
        "ratio": float(f"{value / baseline:.3g}") if baseline else None,
    }
    print(json.dumps(record), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description="Page growth from the demo to the large data set.")
    parser.add_argument("--table", help="also write the figures as a Markdown table to this file")
    parser.add_argument("--only", help="comma-separated page names (see bench/pages.py)")
    args = parser.parse_args()
    growth_benchmarks(_emit, table=args.table, only=set(args.only.split(",")) if args.only else None)


if __name__ == "__main__":
    main()
