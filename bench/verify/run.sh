#!/bin/sh
# DKIM benchmark: leaklens vs dkimpy on the same generated corpus, same machine, one after the
# other (each on one core). Prints both rates, the ratio, and whether the verdicts are identical.
# Usage: sh bench/verify/run.sh [N=21075]
set -e
cd "$(dirname "$0")/../.."
N=${1:-21075}
D=bench/data/verify
if [ ! -f "$D/keys.zone" ] || [ "$(ls "$D/msgs" 2>/dev/null | wc -l)" -ne "$N" ]; then
  rm -rf "$D"
  npx tsx bench/verify/generate.ts "$N" "$D"
fi
L=$(npx tsx bench/verify/leaklens-verify.ts "$D" "$D/leaklens.txt")
P=$(/usr/bin/python3 bench/verify/dkimpy-verify.py "$D" "$D/dkimpy.txt")
echo "$L"
echo "$P"
if cmp -s "$D/leaklens.txt" "$D/dkimpy.txt"; then SAME=identical; else SAME="DIFFERENT ($(diff "$D/leaklens.txt" "$D/dkimpy.txt" | grep -c '^<') messages)"; fi
node -e "const l=JSON.parse(process.argv[1]),p=JSON.parse(process.argv[2]);console.log('ratio leaklens/dkimpy: '+(l.perSecond/p.perSecond).toFixed(2)+'x; verdicts '+process.argv[3])" "$L" "$P" "$SAME"
