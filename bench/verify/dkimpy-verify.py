#!/usr/bin/python3
"""Verifies the benchmark corpus with dkimpy (Debian python3-dkim), one core, the key from a resolver
function (no DNS). Prints one line per message (file, pass|fail) to OUT and messages/s as JSON.
Usage: /usr/bin/python3 bench/verify/dkimpy-verify.py DIR OUT"""
import json, os, sys, time
import dkim

d = sys.argv[1] if len(sys.argv) > 1 else 'bench/data/verify'
out = sys.argv[2] if len(sys.argv) > 2 else os.path.join(d, 'dkimpy.txt')
record = open(os.path.join(d, 'key.txt'), 'rb').read().strip()

def dnsfunc(name, timeout=5):
    return record if name == b'bench._domainkey.example.fr.' else None

files = sorted(os.listdir(os.path.join(d, 'msgs')))
t0 = time.perf_counter()
lines = []
ok = 0
for f in files:
    with open(os.path.join(d, 'msgs', f), 'rb') as fh:
        msg = fh.read()
    res = dkim.verify(msg, dnsfunc=dnsfunc)
    ok += bool(res)
    lines.append('%s %s' % (f, 'pass' if res else 'fail'))
secs = time.perf_counter() - t0
open(out, 'w').write('\n'.join(lines) + '\n')
print(json.dumps({'tool': 'dkimpy', 'messages': len(files), 'seconds': round(secs, 2), 'perSecond': round(len(files) / secs), 'pass': ok}))
