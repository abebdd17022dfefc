#!/usr/bin/env python3
"""What a user without enlint writes: Python's csv module plus regexes for EN's date and time
rules and one campaign ID per file. Prints the number of problems found."""
import csv
import re
import sys

DATE = re.compile(r"\d{4}-\d{2}-\d{2}\Z")
TIME = re.compile(r"([01]\d|2[0-3]):[0-5]\d:[0-5]\d\Z")

with open(sys.argv[1], newline="", encoding="utf-8", errors="replace") as f:
    reader = csv.reader(f)
    header = next(reader)
    date, time, campaign = (header.index(n) for n in ("Transaction Date", "Transaction Time", "Campaign ID"))
    problems = 0
    first_campaign = None
    for row in reader:
        if len(row) != len(header):
            problems += 1
            continue
        if row[date] and not DATE.match(row[date]):
            problems += 1
        if row[time] and not TIME.match(row[time]):
            problems += 1
        if first_campaign is None:
            first_campaign = row[campaign]
        elif row[campaign] != first_campaign:
            problems += 1
print(problems)
