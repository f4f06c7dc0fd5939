#!/usr/bin/env python3
"""A deck whose choices are 120,000 characters each (about 360 KB), with a
wrong answer one character off: what once took `quiz check` 31 seconds (a
quadratic "did you mean"). Usage: gen-long-choices.py [LENGTH] > deck.toml"""
import sys

length = int(sys.argv[1]) if len(sys.argv) > 1 else 120_000
long = "x" * length
print('format = 1\nid = "long"\ntitle = "Long choices"\n')
print('[[card]]\nid = "a"\nkind = "choice"\nprompt = "Pick"')
print(f'choices = ["{long}a", "{long}b", "{long}c"]\nanswer = "{long}d"\n')
print('[[card]]\nid = "b"\nkind = "short"\nprompt = "Type"')
print(f'answer = "{long}"\naccept = ["{long}y", "{long}z"]')
