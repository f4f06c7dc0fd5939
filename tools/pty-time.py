#!/usr/bin/env python3
"""Times a `quiz` study session on a real pseudo-terminal, for tools/bench-scale.sh:
start to the first question, and one answer (Enter, then Enter again for a
flashcard's grade, under --auto) to the next question.

    python3 tools/pty-time.py RUNS QUIZ ARGS...

Prints two lines: `first <median ms>` and `answer <median ms>`.
The answers are recorded: run it on a scratch data dir."""
import os
import pty
import select
import statistics
import sys
import time

runs, argv = int(sys.argv[1]), sys.argv[2:]
env = dict(os.environ, TERM="xterm", NO_COLOR="1", COLUMNS="100", LINES="30")


def read_until(fd, needle, seen):
    while needle not in seen:
        ready, _, _ = select.select([fd], [], [], 30)
        if not ready:
            raise SystemExit(f"timed out waiting for {needle!r}; saw {seen[-400:]!r}")
        chunk = os.read(fd, 65536)
        if not chunk:
            raise SystemExit(f"the session ended before {needle!r}; saw {seen[-400:]!r}")
        seen += chunk
    return seen


first, answer = [], []
for _ in range(runs):
    start = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:
        os.execve(argv[0], argv, env)
    seen = read_until(fd, b"[1/", b"")
    seen = read_until(fd, b"\n", seen[seen.index(b"[1/"):])
    first.append(time.perf_counter() - start)
    time.sleep(0.05)  # let the question finish drawing
    start = time.perf_counter()
    os.write(fd, b"\r\r")
    read_until(fd, b"[2/", b"")
    answer.append(time.perf_counter() - start)
    os.kill(pid, 9)
    os.waitpid(pid, 0)
    os.close(fd)
print(f"first {statistics.median(first) * 1000:.1f}")
print(f"answer {statistics.median(answer) * 1000:.1f}")
