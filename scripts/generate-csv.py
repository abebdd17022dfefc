#!/usr/bin/env python3
"""Writes a deterministic, realistic EN import file of about SIZE bytes, for measuring enlint.

    scripts/generate-csv.py transactions 200MB /tmp/tx-200m.csv
    scripts/generate-csv.py supporters 1GB /tmp/sup-1g.csv
    scripts/generate-csv.py transactions 3MB /tmp/messy.csv --fixable --eol mixed --bom --campaigns 3

Rows mix quoted fields, embedded newlines, multibyte names and a few defects (a bad date, a
ragged row), the way real exports do. The same arguments always give the same bytes.

Options (none changes the rows' values unless named; without options the bytes are those of
earlier versions, which the README's figures were measured on):
  --eol lf|crlf|cr|mixed   record terminators (default lf; mixed cycles LF, CRLF, CR); line
                           breaks inside quoted values stay LF
  --bom                    a UTF-8 byte order mark first
  --encoding utf-8|utf-16|windows-1252
                           utf-16 is little-endian with a BOM; windows-1252 writes ? for the
                           few characters it lacks (Ł, ń)
  --campaigns N            transactions: campaign IDs 104233 .. 104233+N-1, in turn
  --fixable                what `enlint fix` repairs, sprinkled in: padded header names, blank
                           rows, dates and times in other shapes, stray quotes, line breaks in
                           quoted supporter addresses; and values it must leave alone
                           (2024-02-30, 03/04/2024, 25:00:00, ragged rows)
"""
import argparse
import datetime
import random
import unicodedata

FIRST = ["Amara", "José", "Chloé", "Wei", "Sam", "Anna", "Ravi", "Margaret", "Zoë", "Łukasz", "Søren", "Mei"]
LAST = ["Okafor", "García", "Martin", "Li", "Oduya", "Kowalska", "Patel", "O'Neill", "Müller", "Nowak"]
CITIES = ["Bristol", "Madrid", "Lyon", "Toronto", "Leeds", "Gdańsk", "Dublin", "Zürich"]
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


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


def messy_date(n, day):
    """`day` (YYYY-MM-DD) in another shape for some rows: the ones fix repairs, then ones it leaves."""
    if "/" in day:
        return day  # already the rare 03/04/2024 defect
    y, m, d = (int(part) for part in day.split("-"))
    serial = (datetime.date(y, m, d) - datetime.date(1899, 12, 30)).days
    shapes = {
        1: f"{y}-{m}-{d}", 2: f"{y}{m:02d}{d:02d}", 3: f"{d} {MONTHS[m - 1]} {y}",
        4: f'"{MONTHS[m - 1]} {d}, {y}"', 5: f"{y}/{m:02d}/{d:02d}", 6: str(serial), 7: f" {day} ",
        8: "2024-02-30", 9: f"{m:02d}/{d:02d}/{y}", 10: f"{day} 10:00",
    }
    return shapes.get(n % 97, day)


def messy_time(n, time):
    """`time` (HH:MM:SS) in another shape for some rows."""
    h, m, s = (int(part) for part in time.split(":"))
    shapes = {
        1: f"{h}:{m:02d}:{s:02d}", 2: f"{h % 12 or 12}:{m:02d} {'PM' if h >= 12 else 'AM'}",
        3: f"{h:02d}:{m:02d}", 4: f" {time} ", 5: "25:00:00", 6: f"{time}.5",
    }
    return shapes.get(n % 89, time)


def transaction_rows(rng, fixable, campaigns):
    names = ["Campaign ID", "Supporter Email", "Supporter Id", "Transaction Date", "Transaction Time",
             "Donation Amount", "Payment Currency", "Payment Type", "Appeal Code", "Comments"]
    if fixable:
        names[0], names[1] = "\u00a0Campaign ID", "Supporter Email\u200b"
        names[3], names[4] = "\u201cTransaction Date\u201d", " Transaction Time "
    yield ",".join(names)
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
        extra = ""
        if fixable:
            day, time = messy_date(n, day), messy_time(n, time)
            comment = {1: '12" vinyl', 2: '"boxed" set'}.get(n % 83, comment)
            extra = ",extra" if n % 211 == 0 else ""
        yield f"{104233 + n % campaigns},{email},{sid},{day},{time},{amount},GBP,Credit Card,SPRING24,{comment}{extra}"


def supporter_rows(rng, fixable, campaigns):
    names = ["Email Address", "First Name", "Last Name", "Address 1", "City", "Postcode", "Country",
             "Phone Number", "Opt-In Newsletter"]
    if fixable:
        names[0], names[1], names[2] = " Email Address", "\ufeffFirst Name", "\u2018Last Name\u2019"
    yield ",".join(names)
    n = 0
    while True:
        n += 1
        first, last = rng.choice(FIRST), rng.choice(LAST)
        email = "" if rng.random() < 0.02 else f"{ascii_fold(first).lower()}.{n}@example.org"
        address = f'"Flat {rng.randint(1, 40)}, {rng.randint(1, 200)} Elm Street"' if rng.random() < 0.3 else f"{rng.randint(1, 200)} High Street"
        extra = ",ragged" if n % 250007 == 0 else ""
        if fixable:
            address = {0: f'"Flat {n % 40}\n{n % 200} Elm Street"', 1: 'The "Old" Mill'}.get(n % 7, address)
            extra = ",ragged" if n % 211 == 0 else extra
        yield f"{email},{first},{last},{address},{rng.choice(CITIES)},AB1 2CD,GB,+44 117 496 {n % 10000:04d},Y{extra}"


def lines(records, eol, fixable):
    """Each record with its terminator; with `fixable`, a blank line (the same terminator) now and then."""
    cycle = {"lf": ["\n"], "crlf": ["\r\n"], "cr": ["\r"], "mixed": ["\n", "\r\n", "\r"]}[eol]
    for i, record in enumerate(records):
        ending = cycle[i % len(cycle)]
        yield record + ending
        if fixable and i % 61 == 60:
            yield ending


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("kind", choices=["transactions", "supporters"])
    parser.add_argument("size", type=size, help="about this many bytes: 5000, 200KB, 3MB, 1GB")
    parser.add_argument("path")
    parser.add_argument("--eol", choices=["lf", "crlf", "cr", "mixed"], default="lf")
    parser.add_argument("--bom", action="store_true")
    parser.add_argument("--encoding", choices=["utf-8", "utf-16", "windows-1252"], default="utf-8")
    parser.add_argument("--campaigns", type=int, default=1)
    parser.add_argument("--fixable", action="store_true")
    args = parser.parse_args()
    if args.bom and args.encoding != "utf-8":
        parser.error("--bom is for UTF-8 (a UTF-16 file always gets one)")
    if args.campaigns < 1:
        parser.error("--campaigns must be at least 1")
    rng = random.Random(42)
    rows = (transaction_rows if args.kind == "transactions" else supporter_rows)(rng, args.fixable, args.campaigns)
    codec, errors = {"utf-8": ("utf-8", "strict"), "utf-16": ("utf-16-le", "strict"),
                     "windows-1252": ("cp1252", "replace")}[args.encoding]
    written = 0
    with open(args.path, "wb") as out:
        if args.bom:
            out.write(b"\xef\xbb\xbf")
        if args.encoding == "utf-16":
            out.write(b"\xff\xfe")
        batch = []
        for line in lines(rows, args.eol, args.fixable):
            data = line.encode(codec, errors)
            batch.append(data)
            written += len(data)
            if len(batch) >= 10000 or written >= args.size:
                out.write(b"".join(batch))
                batch = []
            if written >= args.size:
                break


if __name__ == "__main__":
    main()
