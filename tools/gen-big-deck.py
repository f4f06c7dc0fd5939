#!/usr/bin/env python3
"""Writes a valid deck of N cards (default 100,000), cycling through every kind,
for benchmarking `quiz check`:

    python3 tools/gen-big-deck.py 100000 > /tmp/big.toml
    hyperfine --warmup 1 'target/release/quiz check /tmp/big.toml'
    /usr/bin/time -v target/release/quiz check /tmp/big.toml  # "Maximum resident set size"
"""
import sys

count = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
out = sys.stdout
out.write('format = 1\nid = "big"\ntitle = "Big"\nlanguages = ["en"]\n\n')
kinds = [
    'kind = "short"\nprompt = "Question {i}: which version?"\nanswer = "3.{i}"\naccept = ["Python 3.{i}"]\n',
    'kind = "choice"\nprompt = "Question {i}: pick one"\nchoices = ["alpha {i}", "beta {i}", "gamma {i}"]\nanswer = "beta {i}"\n',
    'kind = "multi"\nprompt = "Question {i}: pick two"\nchoices = ["red {i}", "green {i}", "blue {i}"]\nanswer = ["red {i}", "blue {i}"]\n',
    'kind = "truefalse"\nprompt = "Statement {i} is true."\nanswer = true\n',
    'kind = "numeric"\nprompt = "Year {i}?"\nanswer = {i}\ntolerance = 0\n',
    'kind = "cloze"\nprompt = "Use {{{{yield from|yield-from}}}} in line {i}."\n',
    'kind = "order"\nprompt = "Order {i}"\nitems = ["first {i}", "second {i}", "third {i}"]\n',
    'kind = "flashcard"\nprompt = "Concept {i}?"\nanswer = "Explanation number {i}."\n',
]
for i in range(count):
    out.write('[[card]]\nid = "card-%d"\n' % i)
    out.write(kinds[i % len(kinds)].format(i=i))
    out.write('tags = ["t%d"]\nexplanation = "Because of reason %d."\n\n' % (i % 10, i))
