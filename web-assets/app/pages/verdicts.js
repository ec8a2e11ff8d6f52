// Plain-words explanations of the authenticity verdicts (DESIGN.md "Stable outputs").
export const VERDICTS = {
  verified: "A DKIM signature of the sender's own domain verifies: headers and text are as signed.",
  'verified-third-party':
    "A DKIM signature verifies, but it was added by another domain (a list server or mail service), not the sender's.",
  'body-altered':
    'The signed headers verify but the text does not match its signature: the body was changed after sending.',
  'signature-invalid':
    'The signature does not verify: signed headers were changed, or the signature is forged.',
  'key-unavailable':
    'Signed, but the public key of that selector is not in the key archive: it cannot be checked yet.',
  'weak-key': 'Verifies only with an RSA key under 1024 bits, which can be factored: this proves nothing.',
  unsigned: 'No DKIM signature: authenticity cannot be shown cryptographically.',
};

export function verdictText(v) {
  return VERDICTS[v] ?? 'Unknown verdict.';
}

/** What a signature detail field means, for the authenticity panel. */
export const SIGNATURE_FIELDS = {
  domain: 'signing domain (d=)',
  selector: 'selector (s=)',
  algorithm: 'algorithm (a=)',
  canonicalization: 'canonicalisation (c=)',
  keyBits: 'key size (bits)',
  keySource: 'where the key came from',
  headerResult: 'signed headers',
  bodyResult: 'body hash',
  result: 'result',
  aligned: 'aligned with From',
  timestamp: 'signed at (t=)',
  length: 'body length limit (l=)',
};
