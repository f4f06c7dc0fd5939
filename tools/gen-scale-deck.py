#!/usr/bin/env python3
"""Writes a deck of N realistic cards, and its notes, for tools/bench-scale.sh:
the bundled asyncio deck's cards (every kind, Korean translations, quotes cited
from the notes) copied as often as needed, each copy with its own ids and its
own copy of the notes' sections.

    python3 tools/gen-scale-deck.py N OUT_DIR [--own-tags]

writes OUT_DIR/scale.toml and OUT_DIR/scale.md. With --own-tags every card gets
a tag of its own (the worst case for `quiz exam --count`, which samples across
tags)."""
import re
import sys
from pathlib import Path

count, out = int(sys.argv[1]), Path(sys.argv[2])
own_tags = "--own-tags" in sys.argv[3:]
root = Path(__file__).resolve().parent.parent
deck = (root / "decks/asyncio.toml").read_text(encoding="utf-8")
notes = (root / "decks/asyncio.md").read_text(encoding="utf-8")

head, *cards = deck.split("\n[[card]]\n")
head = head.replace('id = "asyncio"', 'id = "scale"', 1).replace('source = "asyncio.md"', 'source = "scale.md"', 1)
out.mkdir(parents=True, exist_ok=True)
copies = -(-count // len(cards))
heading = re.compile(r"^(#+) (.*)$", re.M)
section = re.compile(r'section = "([^"]*)"')
card_id = re.compile(r'^id = "([^"]*)"', re.M)
tags = re.compile(r"^tags = \[[^\]]*\]", re.M)

with open(out / "scale.md", "w", encoding="utf-8") as md:
    md.write("# Scale notes\n\n")
    for copy in range(copies):
        md.write(heading.sub(lambda m: f"## {m.group(2)} {copy}", notes))
        md.write("\n")

with open(out / "scale.toml", "w", encoding="utf-8") as toml:
    toml.write(head)
    written = 0
    for copy in range(copies):
        for card in cards:
            if written == count:
                break
            card = card_id.sub(lambda m: f'id = "{m.group(1)}-{copy}"', card, count=1)
            card = section.sub(lambda m: f'section = "{m.group(1)} {copy}"', card)
            if own_tags:
                card = tags.sub(f'tags = ["t{written}"]', card, count=1)
            toml.write("\n[[card]]\n" + card.rstrip("\n") + "\n")
            written += 1
print(f"{out}/scale.toml: {written} cards; {out}/scale.md: {copies} copies of the notes")
