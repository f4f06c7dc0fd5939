#!/usr/bin/env python3
"""Latency of answer submissions under load: N simulated students take a
`quiz serve` exam at once (stdlib only; no browser). Prints p50/p99/max of
POST /answer/N (the answer is written to its sheet before the reply).

Usage: python3 tools/serve-load.py [QUIZ_BINARY] [--students 40] [--count 20]
"""

import argparse
import http.client
import os
import re
import signal
import statistics
import subprocess
import tempfile
import threading
import time
import urllib.parse


def request(host, port, method, path, cookie=None, form=None):
    connection = http.client.HTTPConnection(host, port, timeout=30)
    headers = {"Cookie": cookie} if cookie else {}
    body = None
    if form is not None:
        body = urllib.parse.urlencode(form)
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    connection.request(method, path, body=body, headers=headers)
    response = connection.getresponse()
    text = response.read().decode()
    result = (response.status, dict(response.getheaders()), text)
    connection.close()
    return result


def student(host, port, name, latencies, errors):
    try:
        _, _, home = request(host, port, "GET", "/")
        csrf = re.search(r'name="csrf" value="([0-9a-f]+)"', home).group(1)
        status, headers, _ = request(host, port, "POST", "/join", form={"csrf": csrf, "name": name})
        cookie = headers["set-cookie"].split(";")[0]
        while True:
            status, headers, page = request(host, port, "GET", "/exam", cookie)
            if status == 303:
                return
            position = re.search(r'action="/answer/(\d+)"', page).group(1)
            csrf = re.search(r'name="csrf" value="([0-9a-f]+)"', page).group(1)
            started = time.perf_counter()
            status, _, _ = request(host, port, "POST", f"/answer/{position}", cookie, {"csrf": csrf, f"q{position}": "a"})
            latencies.append(time.perf_counter() - started)
            if status != 303:
                errors.append(f"{name}: answer {position} got {status}")
                return
    except Exception as error:  # noqa: BLE001 - reported, not hidden
        errors.append(f"{name}: {error!r}")


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("quiz", nargs="?", default="target/release/quiz")
    parser.add_argument("--students", type=int, default=40)
    parser.add_argument("--count", type=int, default=20)
    args = parser.parse_args()
    data = tempfile.mkdtemp()
    server = subprocess.Popen(
        [args.quiz, "serve", "--deck", "asyncio", "--exam", "--seed", "1", "--count", str(args.count),
         "--listen", "127.0.0.1:0", "--results", os.path.join(data, "results")],
        env={**os.environ, "QUIZ_DATA_DIR": data}, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    url = urllib.parse.urlparse(server.stdout.readline().strip())
    latencies, errors = [], []
    threads = [threading.Thread(target=student, args=(url.hostname, url.port, f"student{n}", latencies, errors))
               for n in range(args.students)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    server.send_signal(signal.SIGTERM)
    server.wait()
    latencies.sort()
    p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]
    print(f"{args.students} students x {args.count} questions: {len(latencies)} answers in {elapsed:.2f} s, "
          f"{len(errors)} errors")
    print(f"answer latency: p50 {statistics.median(latencies) * 1000:.2f} ms, p99 {p99 * 1000:.2f} ms, "
          f"max {latencies[-1] * 1000:.2f} ms")
    for error in errors[:5]:
        print("  " + error)
    return 1 if errors else 0


if __name__ == "__main__":
    raise SystemExit(main())
