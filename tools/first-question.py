#!/usr/bin/env python3
"""Times `quiz --deck asyncio` from start to the first question on a real
pseudo-terminal, beside an empty Rust binary's start:
    python3 tools/first-question.py target/release/quiz EMPTY_BINARY"""
import os
import pty
import statistics
import sys
import tempfile
import time

quiz, empty = sys.argv[1], sys.argv[2]


def run(argv, needle, env):
    start = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:
        os.execve(argv[0], argv, env)
    seen = b""
    try:
        while needle not in seen:
            chunk = os.read(fd, 4096)
            if not chunk:
                break
            seen += chunk
    except OSError:
        pass
    elapsed = time.perf_counter() - start
    os.kill(pid, 9)
    os.waitpid(pid, 0)
    os.close(fd)
    return elapsed


with tempfile.TemporaryDirectory() as data:
    env = dict(os.environ, QUIZ_DATA_DIR=data, TERM="xterm", NO_COLOR="1")
    quiz_runs = [run([quiz, "--deck", "asyncio", "--lang", "en"], b"Answer", env) for _ in range(30)]
    empty_runs = []
    for _ in range(30):
        start = time.perf_counter()
        pid, fd = pty.fork()
        if pid == 0:
            os.execve(empty, [empty], env)
        os.waitpid(pid, 0)
        os.close(fd)
        empty_runs.append(time.perf_counter() - start)
print(f"quiz --deck asyncio to the first question: median {statistics.median(quiz_runs) * 1000:.1f} ms")
print(f"empty Rust binary on a pty, start to exit: median {statistics.median(empty_runs) * 1000:.1f} ms")
