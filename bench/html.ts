// HTML report size and time to interactive in headless chromium, for runs of 100k and 300k events.
import { existsSync, mkdirSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { recordRun } from '../scenarios/record-run.ts';
import { renderHtml, writeReportAtomic } from '../reports/index.ts';
import { chatterFaultConfig } from '../test/reports/support/chatter.ts';
import { decodeHtml } from '../test/reports/support/decode-html.ts';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** A chatter run of about `events` events with a crash, a partition and a pause in it. */
export function chatterRecording(events: number): ReturnType<typeof recordRun> {
  return recordRun(chatterFaultConfig(events));
}

export async function benchHtml(sizes: readonly number[] = [100_000, 300_000]): Promise<string[]> {
  if (!existsSync(CHROMIUM)) return [`${CHROMIUM} missing (apt-get install -y chromium): HTML timing skipped`];
  const { chromium } = await import('playwright-core');
  const dir = join(tmpdir(), 'replisim-bench-html');
  mkdirSync(dir, { recursive: true });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  const lines: string[] = [];
  try {
    for (const n of sizes) {
      const rec = chatterRecording(n);
      const t0 = performance.now();
      const html = renderHtml(rec);
      const renderMs = performance.now() - t0;
      const file = join(dir, `chatter-${n}.html`);
      writeReportAtomic(file, html);
      const times: number[] = [];
      for (let i = 0; i < 3; i++) {
        const page = await browser.newPage({ viewport: { width: 1500, height: 900 } });
        const t = performance.now();
        await page.goto(pathToFileURL(file).href);
        await page.waitForSelector('body[data-ready="1"]', { timeout: 60_000 });
        times.push(performance.now() - t);
        await page.close();
      }
      const tti = Math.min(...times);
      // Time travel in the middle of the run: a click on an event whose state chunk is not inflated yet.
      const page = await browser.newPage({ viewport: { width: 1500, height: 900 } });
      await page.goto(pathToFileURL(file).href);
      await page.waitForSelector('body[data-ready="1"]', { timeout: 60_000 });
      const clickMs = await page.evaluate(async () => {
        const rs = (globalThis as unknown as { replisim: { rows: number; select(r: number): Promise<void> } }).replisim;
        const t = performance.now();
        await rs.select(Math.floor(rs.rows / 2));
        return performance.now() - t;
      });
      await page.close();
      const mb = Buffer.byteLength(html) / 1e6;
      const d = decodeHtml(html);
      const gaps = d.states.gaps.length;
      const isSampled = d.notes.some((n) => n.startsWith('sampled:'));
      const load = loadavg().map((x) => x.toFixed(1)).join(' ');
      lines.push(`${rec.result.events.toLocaleString('en-US')} events: ${mb.toFixed(1)} MB (target < 20: ${mb < 20 ? 'met' : 'NOT met'}), interactive in ${tti.toFixed(0)} ms best of 3 (target < 1500: ${tti < 1500 ? 'met' : 'NOT met'}), state gaps ${gaps} (target 0: ${gaps === 0 ? 'met' : 'NOT met'})${isSampled ? ', rows sampled' : ', every event drawn'}, a mid-run click shows every state in ${clickMs.toFixed(0)} ms, rendered in ${renderMs.toFixed(0)} ms; load average ${load}`);
    }
  } finally {
    await browser.close();
  }
  return lines;
}

if (process.argv[1] !== undefined && import.meta.url === new URL(`file://${process.argv[1]}`).href) for (const l of await benchHtml()) console.log(l);
