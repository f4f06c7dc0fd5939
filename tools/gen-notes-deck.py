#!/usr/bin/env python3
"""Writes a large notes file and a deck citing it into FOLDER, for
benchmarking what `quiz check` does with notes (quotes, fingerprints,
coverage, --update-fingerprints):

    python3 tools/gen-notes-deck.py /tmp/notes-bench 2000 5   # sections, cards per section
    quiz check --update-fingerprints /tmp/notes-bench/deck.toml
    hyperfine 'quiz check /tmp/notes-bench/deck.toml' 'quiz check --coverage /tmp/notes-bench/deck.toml'

Each section has six paragraphs (one a list of three items) and every card
quotes a sentence of one of them, so about half of the paragraphs are covered.
"""
import os
import sys

folder = sys.argv[1]
sections = int(sys.argv[2]) if len(sys.argv) > 2 else 2000
per_section = int(sys.argv[3]) if len(sys.argv) > 3 else 5
os.makedirs(folder, exist_ok=True)

with open(os.path.join(folder, "notes.md"), "w") as notes:
    notes.write("# Generated notes\n\nAn introduction that no card quotes.\n\n")
    for section in range(sections):
        notes.write(f"## Section {section}\n\n")
        for paragraph in range(5):
            notes.write(
                f"Paragraph {paragraph} of section {section} states fact number {section * 10 + paragraph}. "
                f"It goes on with `code {paragraph}` and **emphasis** so that the text is not too short to matter.\n\n"
            )
        notes.write(f"- item one of {section}\n- item two of {section}\n- item three of {section}\n\n")

with open(os.path.join(folder, "deck.toml"), "w") as deck:
    deck.write('format = 1\nid = "notes-bench"\ntitle = "Notes bench"\nsource = "notes.md"\n\n')
    for section in range(sections):
        for card in range(per_section):
            paragraph = card % 3
            deck.write(
                f'[[card]]\nid = "s{section}-c{card}"\nkind = "truefalse"\n'
                f'prompt = "Section {section}, claim {card}."\nanswer = true\n'
                f'source = {{ section = "Section {section}", '
                f'quote = "section {section} states fact number {section * 10 + paragraph}" }}\n\n'
            )
