"""The peer: the same activity, velocity, language-share and co-repost computations in pandas.

Reads the same X v1.1 JSON lines, then computes per-account posts per day and maximum posts in
sliding 1/2/3/24 h windows, reposts within 1/5/60 min for the 10 most reposted posts, language
shares, and co-repost pairs within 60 s among accounts with at least 2 reposts (CooRTweet's
detect_groups). Run with Debian's /usr/bin/python3 (python3-pandas). Prints JSON timings.
"""
import json
import resource
import sys
import time

import pandas as pd

t0 = time.time()
rows = []
with open(sys.argv[1], encoding="utf-8") as f:
    for line in f:
        if not line.strip():
            continue
        t = json.loads(line)
        rt = t.get("retweeted_status")
        rows.append((t["id_str"], t["user"]["id_str"], t["created_at"], t.get("lang"), rt["id_str"] if rt else None))
        if rt:
            rows.append((rt["id_str"], rt["user"]["id_str"], rt["created_at"], rt.get("lang"), None))
df = pd.DataFrame(rows, columns=["id", "account", "created_at", "lang", "repost_of"]).drop_duplicates("id")
df["ts"] = pd.to_datetime(df["created_at"], format="%a %b %d %H:%M:%S %z %Y")
t1 = time.time()

# Activity: posts per day, maximum in sliding windows per account.
df = df.sort_values(["account", "ts"])
per_day = df.groupby(["account", df["ts"].dt.floor("D")]).size()
g = df.set_index("ts").groupby("account")["id"]
windows = {w: g.rolling(w).count().groupby(level=0).max() for w in ["1h", "2h", "3h", "24h"]}
suspicious = int((windows["24h"] >= 72).sum())

# Velocity: reposts within 1, 5, 60 minutes of the original, top 10 originals.
rts = df[df["repost_of"].notna()]
top = rts["repost_of"].value_counts().head(10).index
orig = df.set_index("id")["ts"]
v = rts[rts["repost_of"].isin(top)].copy()
v["delay"] = (v["ts"] - v["repost_of"].map(orig)).dt.total_seconds()
velocity = {k: [int((grp["delay"].between(0, s)).sum()) for s in (60, 300, 3600)] for k, grp in v.groupby("repost_of")}

# Language shares.
langs = df["lang"].value_counts(normalize=True).head(3).to_dict()

# Co-reposts: pairs of reposts of the same post within 60 s by different accounts.
n = rts.groupby("account")["id"].transform("size")
x = rts[n >= 2][["repost_of", "account", "id", "ts"]]
x = x.assign(sec=x["ts"].astype("int64") // 10**9)
x = x.assign(bucket=x["sec"] // 60)
# Same bucketing as leaklens: a pair 60 s apart is in the same or the next 60 s bucket.
same = x.merge(x, on=["repost_of", "bucket"], suffixes=("", "_y"))
same = same[same["id"] < same["id_y"]]
nxt = x.merge(x.assign(bucket=x["bucket"] - 1), on=["repost_of", "bucket"], suffixes=("", "_y"))
m = pd.concat([same, nxt])
m = m[((m["sec"] - m["sec_y"]).abs() <= 60) & (m["account"] != m["account_y"])]
t2 = time.time()
print(json.dumps({
    "posts": int(len(df)), "loadSeconds": t1 - t0, "computeSeconds": t2 - t1, "totalSeconds": t2 - t0,
    "maxRssMiB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024, "suspicious": suspicious,
    "coRepostPairs": int(len(m)), "languages": langs,
}))
