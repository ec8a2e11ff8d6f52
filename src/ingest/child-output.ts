import type { ChildProcess } from 'node:child_process';
import { terminalText } from '../util/terminal-safe.js';

/** How much of a parser process's last output is kept to tell why it died. */
const TAIL_CHARS = 8192;
/** What V8 prints when a process reaches its heap limit (`--max-old-space-size`), before aborting. */
const V8_OOM = /JavaScript heap out of memory|Reached heap limit|FatalProcessOutOfMemory/;
/** Where V8's out-of-memory report starts: from here on the output is a diagnostic, not a log. */
const V8_REPORT = /<--- Last few GCs --->|FATAL ERROR:/;

/**
 * The output of one parser process. Parsing libraries log to stdout or stderr (pst-extractor
 * prints "Exception Error in No"), and stdout belongs to `--json`, so both go to this process's
 * stderr, as they did from a worker thread. V8's out-of-memory report is kept back (the file's
 * failure record says it in one sentence) but remembered, so the pool can tell an out-of-memory
 * death from another crash.
 */
export class ChildOutput {
  private tail = '';
  private dying = false;

  constructor(child: ChildProcess) {
    for (const stream of [child.stdout, child.stderr]) {
      stream?.setEncoding('utf8');
      stream?.on('data', (s: string) => this.take(s));
    }
  }

  private take(s: string): void {
    this.tail = (this.tail + s).slice(-TAIL_CHARS);
    if (this.dying) return;
    const at = s.search(V8_REPORT);
    if (at >= 0) this.dying = true;
    const shown = at >= 0 ? s.slice(0, at) : s;
    // Library logs quote leaked data (a PST folder's name): shown escaped, like all output.
    if (shown) process.stderr.write(terminalText(shown));
  }

  /** Whether V8 reported reaching its heap limit. */
  outOfMemory(): boolean {
    return V8_OOM.test(this.tail);
  }

  /** The last line printed, for a crash record. */
  lastLine(): string {
    const lines = this.tail.trim().split('\n');
    return lines[lines.length - 1]?.trim().slice(0, 200) ?? '';
  }
}
