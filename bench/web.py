"""Reading-room benchmark: page times at scale, then a bounded load test, all on loopback.

    python bench/web.py --archive /tmp/sb100k/archive-100000 [--seconds 60] [--clients 20]

Starts `recto serve` on 127.0.0.1 (a free port) against an existing archive
(build one with bench/search.py --keep), then:
1. server time (the app's own `Server-Timing`) and client time, p50/p95, for
   record pages and search pages, one request at a time;
2. a load test: `--clients` concurrent clients for `--seconds`, each requesting
   a random mix of home, search, record and API pages; it stops by itself and
   reports requests, errors and latency.
Traffic goes only to 127.0.0.1.
"""

from __future__ import annotations

import argparse
import json
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx2 as httpx

sys.path.insert(0, str(Path(__file__).parent))

from corpus import CJK_QUERIES, CYRILLIC_QUERIES, LATIN_QUERIES  # noqa: E402


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def server_ms(response: httpx.Response) -> float:
    timing = response.headers.get("server-timing", "app;dur=nan")
    return float(timing.split("dur=")[1])


def start_server(archive: Path, port: int) -> subprocess.Popen:
    process = subprocess.Popen(
        [sys.executable, "-m", "recto.cli", "--archive", str(archive), "serve", "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            httpx.get(f"http://127.0.0.1:{port}/api", timeout=1)
            return process
        except httpx.TransportError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit(f"server did not start: {process.stdout.read() if process.stdout else ''}")


def queries(rng: random.Random) -> list[str]:
    words = CJK_QUERIES + LATIN_QUERIES + CYRILLIC_QUERIES
    return [rng.choice(words) for _ in range(60)] + [f"{rng.choice(words)} date:1958..1965" for _ in range(20)]


def page_times(client: httpx.Client, base: str, ids: list[str], searches: list[str]) -> dict:
    figures = {}
    for label, urls in (
        ("record page", [f"{base}/records/{i}" for i in ids]),
        ("search page", [f"{base}/search?{httpx.QueryParams({'q': q})}" for q in searches]),
        ("API record", [f"{base}/api/records/{i}" for i in ids]),
        ("API search with facets", [f"{base}/api/search?{httpx.QueryParams({'q': q, 'facets': '1'})}" for q in searches]),
    ):
        server, client_ms = [], []
        for url in urls:
            client.get(url)  # warm
            start = time.perf_counter()
            response = client.get(url)
            client_ms.append((time.perf_counter() - start) * 1000)
            response.raise_for_status()
            server.append(server_ms(response))
        figures[label] = {
            "requests": len(urls),
            "server_p50_ms": round(percentile(server, 50), 1),
            "server_p95_ms": round(percentile(server, 95), 1),
            "client_p95_ms": round(percentile(client_ms, 95), 1),
        }
        print(f"  {label:>24}: server p50 {figures[label]['server_p50_ms']:6.1f} ms  p95 {figures[label]['server_p95_ms']:6.1f} ms"
              f"  (client p95 {figures[label]['client_p95_ms']} ms)", flush=True)
    return figures


def load_test(base: str, ids: list[str], searches: list[str], clients: int, seconds: float) -> dict:
    stop_at = time.monotonic() + seconds
    lock = threading.Lock()
    latencies: list[float] = []
    errors: list[str] = []

    def worker(seed: int) -> None:
        rng = random.Random(seed)
        with httpx.Client(timeout=30) as client:
            while time.monotonic() < stop_at:
                kind = rng.random()
                if kind < 0.45:
                    url = f"{base}/records/{rng.choice(ids)}"
                elif kind < 0.8:
                    url = f"{base}/search?{httpx.QueryParams({'q': rng.choice(searches)})}"
                elif kind < 0.9:
                    url = f"{base}/api/records/{rng.choice(ids)}"
                else:
                    url = f"{base}/"
                start = time.perf_counter()
                try:
                    response = client.get(url)
                    ok = response.status_code < 400
                    problem = f"{response.status_code} {url}"
                except httpx.HTTPError as exc:
                    ok, problem = False, f"{type(exc).__name__} {url}"
                took = (time.perf_counter() - start) * 1000
                with lock:
                    latencies.append(took)
                    if not ok:
                        errors.append(problem)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return {
        "clients": clients,
        "seconds": seconds,
        "requests": len(latencies),
        "requests_per_s": round(len(latencies) / seconds, 1),
        "errors": len(errors),
        "error_examples": errors[:5],
        "p50_ms": round(percentile(latencies, 50), 1) if latencies else None,
        "p95_ms": round(percentile(latencies, 95), 1) if latencies else None,
        "mean_ms": round(statistics.fmean(latencies), 1) if latencies else None,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--archive", type=Path, required=True)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args()
    rng = random.Random(11)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = start_server(args.archive, port)
    try:
        with httpx.Client(timeout=30) as client:
            total = client.get(f"{base}/api/records", params={"per_page": 1}).json()["total"]
            pages = [rng.randrange(1, max(2, total // 100)) for _ in range(4)]
            ids = [r["id"] for p in pages for r in client.get(f"{base}/api/records", params={"per_page": 100, "page": p}).json()["records"]]
            ids = rng.sample(ids, min(200, len(ids)))
            searches = queries(rng)
            print(f"{total:,} records; {len(ids)} record pages and {len(searches)} searches", flush=True)
            figures = {"records": total, "pages": page_times(client, base, ids, searches)}
        print(f"  load test: {args.clients} clients for {args.seconds:.0f} s ...", flush=True)
        figures["load"] = load_test(base, ids, searches, args.clients, args.seconds)
        print(json.dumps(figures["load"], indent=2))
        if args.json:
            args.json.write_text(json.dumps(figures, indent=2))
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
