#!/usr/bin/env python3
"""Writes a deterministic, realistic EN import file of about SIZE bytes, for measuring enlint.

    scripts/generate-csv.py transactions 200MB /tmp/tx-200m.csv
    scripts/generate-csv.py supporters 1GB /tmp/sup-1g.csv

Rows mix quoted fields, embedded newlines, multibyte names and a few defects (a bad date, a
ragged row), the way real exports do. The same arguments always give the same bytes.
"""
import random
import sys
import unicodedata

FIRST = ["Amara", "José", "Chloé", "Wei", "Sam", "Anna", "Ravi", "Margaret", "Zoë", "Łukasz", "Søren", "Mei"]
LAST = ["Okafor", "García", "Martin", "Li", "Oduya", "Kowalska", "Patel", "O'Neill", "Müller", "Nowak"]
CITIES = ["Bristol", "Madrid", "Lyon", "Toronto", "Leeds", "Gdańsk", "Dublin", "Zürich"]


def ascii_fold(text):
    """Emails are ASCII even when names are not: José -> jose."""
    decomposed = unicodedata.normalize("NFKD", text.replace("ł", "l").replace("Ł", "L").replace("ø", "o"))
    return "".join(c for c in decomposed if c.isascii() and c.isalnum())


def size(text):
    units = {"KB": 10**3, "MB": 10**6, "GB": 10**9}
    for suffix, factor in units.items():
        if text.upper().endswith(suffix):
            return int(float(text[: -len(suffix)]) * factor)
    return int(text)


def transaction_rows(rng):
    header = ("Campaign ID,Supporter Email,Supporter Id,Transaction Date,Transaction Time,"
              "Donation Amount,Payment Currency,Payment Type,Appeal Code,Comments\n")
    yield header
    n = 0
    while True:
        n += 1
        first, last = rng.choice(FIRST), rng.choice(LAST)
        email = f"{ascii_fold(first).lower()}.{ascii_fold(last).lower()}{n}@example.org"
        sid = "" if rng.random() < 0.9 else str(20000000 + n)
        if sid:
            email = ""
        day = f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        if n % 100003 == 0:
            day = "03/04/2024"  # a defect
        time = f"{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}"
        amount = f"{rng.randint(1, 500)}.{rng.choice(['00', '50', '25'])}"
        r = rng.random()
        if r < 0.05:
            comment = f'"In memory of {first}, with love\nfrom the {last} family"'
        elif r < 0.15:
            comment = f'"Gift aid: yes, ""standing order"""'
        else:
            comment = ""
        yield f"104233,{email},{sid},{day},{time},{amount},GBP,Credit Card,SPRING24,{comment}\n"


def supporter_rows(rng):
    yield "Email Address,First Name,Last Name,Address 1,City,Postcode,Country,Phone Number,Opt-In Newsletter\n"
    n = 0
    while True:
        n += 1
        first, last = rng.choice(FIRST), rng.choice(LAST)
        email = "" if rng.random() < 0.02 else f"{ascii_fold(first).lower()}.{n}@example.org"
        address = f'"Flat {rng.randint(1, 40)}, {rng.randint(1, 200)} Elm Street"' if rng.random() < 0.3 else f"{rng.randint(1, 200)} High Street"
        extra = ",ragged" if n % 250007 == 0 else ""
        yield f"{email},{first},{last},{address},{rng.choice(CITIES)},AB1 2CD,GB,+44 117 496 {n % 10000:04d},Y{extra}\n"


def main():
    if len(sys.argv) != 4 or sys.argv[1] not in ("transactions", "supporters"):
        sys.exit(__doc__)
    kind, target, path = sys.argv[1], size(sys.argv[2]), sys.argv[3]
    rng = random.Random(42)
    rows = transaction_rows(rng) if kind == "transactions" else supporter_rows(rng)
    written = 0
    with open(path, "wb") as out:
        batch = []
        for row in rows:
            data = row.encode("utf-8")
            batch.append(data)
            written += len(data)
            if len(batch) >= 10000 or written >= target:
                out.write(b"".join(batch))
                batch = []
            if written >= target:
                break


if __name__ == "__main__":
    main()
