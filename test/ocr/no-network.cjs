// Preloaded (--require) into a child process and every worker thread it starts (workers inherit
// --require; Node 20 does not run --import preloads in workers): any fetch, socket or DNS lookup
// is refused and logged to $NO_NETWORK_LOG.
const { appendFileSync } = require('node:fs');
const dns = require('node:dns');
const net = require('node:net');
const { threadId } = require('node:worker_threads');

const log = (what) => appendFileSync(process.env.NO_NETWORK_LOG, `${threadId} ${what}\n`);
globalThis.fetch = async (url) => {
  log(`fetch ${url}`);
  throw new Error(`network refused: fetch ${url}`);
};
const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function (...args) {
  // Node passes either (options, cb) or its normalised [options, cb] array.
  const o = Array.isArray(args[0]) ? args[0][0] : args[0];
  // Local IPC (pipes) is not the network.
  if (o && typeof o === 'object' && o.path) return connect.apply(this, args);
  log(`connect ${JSON.stringify(o)}`);
  throw new Error('network refused: socket');
};
dns.lookup = (host, ...rest) => {
  log(`dns ${host}`);
  const cb = rest.at(-1);
  if (typeof cb === 'function') cb(new Error('network refused: dns'));
};
