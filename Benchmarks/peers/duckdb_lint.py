#!/usr/bin/env python3
"""The same checks in DuckDB: read_csv(all_varchar=true) and regex counts. THREADS=1 or 2."""
import os
import sys

import duckdb

con = duckdb.connect()
con.execute(f"SET threads TO {int(os.environ.get('THREADS', '1'))}")
path = sys.argv[1].replace("'", "''")
row = con.execute(f"""
    SELECT
      count(*) FILTER (WHERE "Transaction Date" <> '' AND NOT regexp_full_match("Transaction Date", '\\d{{4}}-\\d{{2}}-\\d{{2}}')),
      count(*) FILTER (WHERE "Transaction Time" <> '' AND NOT regexp_full_match("Transaction Time", '([01]\\d|2[0-3]):[0-5]\\d:[0-5]\\d')),
      count(DISTINCT "Campaign ID")
    FROM read_csv('{path}', all_varchar = true, header = true)
""").fetchone()
print(row)
