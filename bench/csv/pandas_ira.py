"""The peer: pandas loading a FiveThirtyEight IRA CSV and computing what an analyst asks first.

Per-account posts per day and the maximum posts in any 1-hour window, the top accounts, the
language shares and a hashtag filter (posts carrying #MAGA, case-insensitive, per day). Run with
Debian's /usr/bin/python3 (python3-pandas). Prints JSON: timings, counts and peak RSS.
"""
import json
import resource
import sys
import time

import pandas as pd

t0 = time.time()
# Ids as text: they are 18-digit numbers, and a float would round them.
df = pd.read_csv(sys.argv[1], dtype=str, keep_default_na=False, on_bad_lines="skip")
df["ts"] = pd.to_datetime(df["publish_date"], format="%m/%d/%Y %H:%M", errors="coerce")
df = df[df["ts"].notna()]
t1 = time.time()

per_day = df.groupby(["author", df["ts"].dt.floor("D")]).size()
g = df.sort_values("ts").set_index("ts").groupby("author")["tweet_id"]
hour_max = g.rolling("1h").count().groupby(level=0).max()
top = df["author"].value_counts().head(10)
langs = df["language"].value_counts(normalize=True).head(5)
tagged = df[df["content"].str.contains(r"#maga\b", case=False, regex=True)]
tag_per_day = tagged.groupby(tagged["ts"].dt.floor("D")).size()
t2 = time.time()
print(json.dumps({
    "rows": int(len(df)),
    "loadSeconds": t1 - t0,
    "computeSeconds": t2 - t1,
    "totalSeconds": t2 - t0,
    "maxRssMiB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
    "accountDays": int(len(per_day)),
    "maxPerHour": int(hour_max.max()),
    "topAccount": top.index[0],
    "languages": {k: round(v, 4) for k, v in langs.items()},
    "hashtagPosts": int(len(tagged)),
    "hashtagDays": int(len(tag_per_day)),
}))
