#!/bin/sh
# Campaign benchmark: leaklens import + full analysis of N posts (the issue's size is 17000000),
# and, in the same run, leaklens beside a pandas pipeline on a 1M-post campaign.
# Usage: bench/campaign/run.sh [POSTS]   (default 1000000; PEER=0 skips pandas)
# Data goes to bench/data/ (git-ignored); results to bench/out/campaign-POSTS.json.
set -e
cd "$(dirname "$0")/../.."
N=${1:-1000000}
SUB=1000000
mkdir -p bench/out
gen() { [ -f "bench/data/campaign-$1.jsonl" ] || npx tsx bench/campaign/generate.ts "bench/data/campaign-$1.jsonl" "$1"; }
# /usr/bin/time: wall seconds, peak RSS KiB, user and system CPU seconds.
leaklens() {
  echo "leaklens on $1 posts…" >&2
  /usr/bin/time -f '%e %M %U %S' -o "bench/out/ll-time-$1.txt" node --import tsx bench/campaign/leaklens-run.ts "bench/data/campaign-$1.jsonl" "bench/data/case-campaign-$1" > "bench/out/ll-$1.json"
  rm -rf "bench/data/case-campaign-$1"
}
gen "$N"
leaklens "$N"
if [ "${PEER:-1}" = 1 ]; then
  gen "$SUB"
  [ "$N" = "$SUB" ] || leaklens "$SUB"
  echo "pandas on $SUB posts…" >&2
  /usr/bin/time -f '%e %M %U %S' -o bench/out/pd-time.txt /usr/bin/python3 bench/campaign/pandas_peer.py "bench/data/campaign-$SUB.jsonl" > bench/out/pd.json
fi
node -e '
const fs = require("fs");
const [n, sub] = process.argv.slice(1);
const times = (f) => { const [w, m, u, s] = fs.readFileSync(f, "utf8").trim().split(/\s+/).slice(-4).map(Number); return { wallSeconds: w, cpuSeconds: +(u + s).toFixed(1), peakRssMiB: Math.round(m / 1024) }; };
const ll = (k) => ({ ...JSON.parse(fs.readFileSync(`bench/out/ll-${k}.json`, "utf8")), ...times(`bench/out/ll-time-${k}.txt`) });
const out = { posts: Number(n), date: new Date().toISOString(), leaklens: ll(n) };
out.targets = { wallSeconds: 300, peakRssMiB: 4096, met: out.leaklens.wallSeconds <= 300 && out.leaklens.peakRssMiB <= 4096 };
if (process.env.PEER !== "0") {
  const small = n === sub ? out.leaklens : ll(sub);
  const pd = { ...JSON.parse(fs.readFileSync("bench/out/pd.json", "utf8")), ...times("bench/out/pd-time.txt") };
  out.subset = { posts: Number(sub), leaklens: small, pandas: pd, ratio: +(small.wallSeconds / pd.wallSeconds).toFixed(3), cpuRatio: +(small.cpuSeconds / pd.cpuSeconds).toFixed(3) };
}
fs.writeFileSync(`bench/out/campaign-${n}.json`, JSON.stringify(out, null, 2));
const s = out.subset;
console.log(JSON.stringify({ posts: out.posts, leaklensSeconds: out.leaklens.wallSeconds, leaklensPeakMiB: out.leaklens.peakRssMiB, targetMet: out.targets.met,
  subset: s && { posts: s.posts, leaklensSeconds: s.leaklens.wallSeconds, pandasSeconds: s.pandas.wallSeconds, ratio: s.ratio, leaklensCpu: s.leaklens.cpuSeconds, pandasCpu: s.pandas.cpuSeconds, cpuRatio: s.cpuRatio } }));
' "$N" "$SUB"
