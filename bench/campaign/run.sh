#!/bin/sh
# Campaign benchmark: leaklens import + full analysis versus a pandas pipeline, side by side.
# Usage: bench/campaign/run.sh [POSTS]   (default 1000000; the issue's full size is 17000000)
# Data goes to bench/data/ (git-ignored); results to bench/out/campaign-POSTS.json.
set -e
cd "$(dirname "$0")/../.."
N=${1:-1000000}
DATA=bench/data/campaign-$N.jsonl
[ -f "$DATA" ] || npx tsx bench/campaign/generate.ts "$DATA" "$N"
mkdir -p bench/out
echo "leaklens on $N posts…" >&2
/usr/bin/time -f '%e %M %U %S' -o bench/out/ll-time.txt node --import tsx bench/campaign/leaklens-run.ts "$DATA" bench/data/case-campaign-$N > bench/out/ll.json
if [ "${PEER:-1}" = 1 ]; then
  echo "pandas on $N posts…" >&2
  /usr/bin/time -f '%e %M %U %S' -o bench/out/pd-time.txt /usr/bin/python3 bench/campaign/pandas_peer.py "$DATA" > bench/out/pd.json
fi
node -e '
const fs = require("fs");
// /usr/bin/time: wall seconds, peak RSS KiB, user and system CPU seconds (CPU time is the fairer
// figure when other work shares the machine).
const times = (f) => { const [w, m, u, s] = fs.readFileSync(f, "utf8").trim().split(/\s+/).slice(-4).map(Number); return { w, m, cpu: +(u + s).toFixed(1) }; };
const { w: llT, m: llM, cpu: llC } = times("bench/out/ll-time.txt");
const ll = JSON.parse(fs.readFileSync("bench/out/ll.json", "utf8"));
const out = { posts: Number(process.argv[1]), leaklens: { ...ll, wallSeconds: llT, cpuSeconds: llC, peakRssMiB: Math.round(llM / 1024) } };
if (fs.existsSync("bench/out/pd.json") && process.env.PEER !== "0") {
  const { w: pdT, m: pdM, cpu: pdC } = times("bench/out/pd-time.txt");
  out.pandas = { ...JSON.parse(fs.readFileSync("bench/out/pd.json", "utf8")), wallSeconds: pdT, cpuSeconds: pdC, peakRssMiB: Math.round(pdM / 1024) };
  out.ratio = +(llT / pdT).toFixed(3);
  out.cpuRatio = +(llC / pdC).toFixed(3);
}
fs.writeFileSync(`bench/out/campaign-${process.argv[1]}.json`, JSON.stringify(out, null, 2));
console.log(JSON.stringify({ posts: out.posts, leaklensSeconds: llT, leaklensCpu: llC, leaklensPeakMiB: out.leaklens.peakRssMiB, pandasSeconds: out.pandas?.wallSeconds, pandasCpu: out.pandas?.cpuSeconds, pandasPeakMiB: out.pandas?.peakRssMiB, ratio: out.ratio, cpuRatio: out.cpuRatio }));
' "$N"
