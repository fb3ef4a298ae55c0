// `lakehouse status --watch` in a real pseudo-terminal (tmux): a pipeline is set up and fed with the CLI,
// then the dashboard must show the records in and out as charts with a y axis, units and UTC time labels,
// the error-prefix count, and stop on Ctrl-C with exit 0 and the terminal's screen restored.
// LAKEHOUSE_SCREENSHOTS=1 writes what the terminal showed to docs/screenshots/status-watch.txt.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { runLakehouse } from '../support/lakehouse-proc.js';
import { tempDirForFile } from '../support/tmp.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const dir = tempDirForFile('lh-watch-');
const session = `lh-watch-${process.pid}`;
const tmux = (...args: string[]) => execFileSync('tmux', args, { encoding: 'utf8' });
const screen = () => tmux('capture-pane', '-p', '-t', session);

async function until(what: string, ok: (s: string) => boolean, tries = 150): Promise<string> {
  let s = '';
  for (let i = 0; i < tries; i++) {
    s = screen();
    if (ok(s)) return s;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${what} never showed; the terminal shows:\n${s}`);
}

/** The captured terminal as a PNG for the README (a dark terminal drawn by headless Chromium). */
async function terminalPicture(text: string, file: string): Promise<void> {
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
  try {
    const page = await browser.newPage({ viewport: { width: 1240, height: 600 } });
    const escaped = text.replace(/&/g, '&amp;').replace(/</g, '&lt;');
    await page.setContent(`<body style="margin:0;background:#0d1117"><pre style="margin:0;padding:14px;color:#e6edf3;font:13px/1.25 'DejaVu Sans Mono',monospace">${escaped}</pre></body>`);
    await page.locator('pre').screenshot({ path: file });
  } finally {
    await browser.close();
  }
}

const HAS_TMUX = (() => {
  try {
    execFileSync('tmux', ['-V']);
    return true;
  } catch {
    return false;
  }
})();

test('status --watch draws the pipeline from CloudWatch in a terminal and stops on Ctrl-C', { skip: HAS_TMUX ? false : 'tmux not installed (make test-deps)', timeout: 180_000 }, async (t) => {
  const env = { LAKEHOUSE_FIREHOSE_TRANSITION_MS: '30', LAKEHOUSE_KINESIS_TRANSITION_MS: '20' };
  assert.equal((await runLakehouse(['init'], { cwd: dir, env })).code, 0);
  const spec = path.join(dir, 'config.yaml');
  fs.writeFileSync(spec, fs.readFileSync(spec, 'utf8').replace(/interval_s: \d+/, 'interval_s: 1'));
  const up = await runLakehouse(['up', '--yes'], { cwd: dir, env });
  assert.equal(up.code, 0, up.stderr);
  const produced = await runLakehouse(['produce', '-n', '2500', '--wait', '--flush'], { cwd: dir, env });
  assert.equal(produced.code, 0, produced.stderr);

  const bin = path.join(ROOT, 'src/cli/bin.ts');
  const loader = path.join(ROOT, 'node_modules/tsx/dist/loader.mjs');
  const command = `cd ${dir} && AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=true ${process.execPath} --import ${loader} ${bin} status --watch --interval 1; echo "EXIT=$?"; sleep 60`;
  tmux('new-session', '-d', '-s', session, '-x', '150', '-y', '40', command);
  t.after(() => {
    try {
      tmux('kill-session', '-t', session);
    } catch {
      // already gone
    }
  });
  const s = await until('the dashboard with 2.5k records in and out', (x) => /Records in\b[^\n]* records\/min [^\n]*total 2\.5k/.test(x) && /Records out\b[^\n]* records\/min [^\n]*total 2\.5k/.test(x));
  assert.match(s, /lakehouse · clickstream \(local, us-east-1\)/);
  assert.match(s, /\d(\.\d)?k ┤ *.*█/, 'a bar up to the peak, labelled on the y axis');
  assert.match(s, /\n\s+0 ┤/, 'the y axis starts at 0');
  assert.match(s, /└─{20,}/, 'an x axis');
  assert.match(s, /\d\d:\d\d .*\d\d:\d\d UTC/, 'time labels in UTC');
  assert.match(s, /Iterator age\b[^\n]* ms  now \d+/);
  assert.match(s, /Freshness\b[^\n]* s  now \d/);
  assert.match(s, /Throttled\b[^\n]* records\/min  now 0/);
  assert.match(s, /Objects under the error prefix \(records Firehose could not convert\): 0/);
  if (process.env.LAKEHOUSE_SCREENSHOTS === '1') {
    fs.mkdirSync(path.join(ROOT, 'docs/screenshots'), { recursive: true });
    fs.writeFileSync(path.join(ROOT, 'docs/screenshots/status-watch.txt'), s.replace(/\s+$/, '\n'));
    await terminalPicture(s.replace(/\s+$/, ''), path.join(ROOT, 'docs/screenshots/status-watch.png'));
  }

  tmux('send-keys', '-t', session, 'C-c');
  const after = await until('the exit code', (x) => /EXIT=\d+/.test(x));
  assert.match(after, /EXIT=0/);
  assert.doesNotMatch(after, /Records in/, 'the alternate screen is gone: the shell is back as it was');
});
