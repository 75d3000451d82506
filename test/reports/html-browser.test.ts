// reports html in a real headless browser (Debian's chromium via playwright-core): lanes, arrows, time travel, scale.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { ms } from '../../sim/index.ts';
import { recordRun } from '../../scenarios/record-run.ts';
import { renderHtml, writeReportAtomic } from '../../reports/index.ts';
import { violatingRegisterRun } from './support/violating-run.ts';
import { groundTruth } from './support/ground-truth.ts';
import { chatterProtocol } from './support/chatter.ts';

// Building a 100k-event run and loading it in chromium takes minutes on a loaded 2-core machine: hang guards only.
vi.setConfig({ testTimeout: 600_000, hookTimeout: 600_000 });

const CHROMIUM = process.env['REPLISIM_CHROMIUM'] ?? '/usr/bin/chromium';
/** Without Debian's chromium these tests are skipped, and say so in the test summary (README: apt-get install chromium). */
const HAS_CHROMIUM = existsSync(CHROMIUM);
const SKIPPED = `SKIPPED: no browser at ${CHROMIUM}; apt-get install chromium to run the HTML report's browser tests (.ci/run installs it)`;
const OUT = resolve(import.meta.dirname, '../../test-results/reports');
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const FILE_BYTES_MAX = 20_000_000;

let browser: Browser;

if (!HAS_CHROMIUM) {
  process.stderr.write(`\n${SKIPPED}\n`);
  describe('reports html in a browser', () => { it.skip(SKIPPED, () => {}); });
}

beforeAll(async () => {
  if (!HAS_CHROMIUM) return;
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
});
afterAll(async () => { await browser?.close(); });

/** Open a report file; every request it makes is collected (a self-contained report makes none but its own file). */
async function open(path: string): Promise<{ page: Page; requests: string[]; errors: string[]; readyMs: number }> {
  const page = await browser.newPage({ viewport: { width: 1500, height: 900 } });
  page.setDefaultTimeout(180_000);
  const requests: string[] = [];
  const errors: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('pageerror', (e) => errors.push(String(e)));
  const t0 = Date.now();
  // Generous hang guards, not speed checks (speed is bench/html.ts's): a loaded 2-core machine took over 30 s to load.
  await page.goto(pathToFileURL(path).href, { timeout: 180_000 });
  await page.waitForSelector('body[data-ready="1"]', { timeout: 180_000 });
  return { page, requests, errors, readyMs: Date.now() - t0 };
}

/** Scroll the diagram to an event's row and click its dot. */
async function clickEvent(page: Page, event: number): Promise<void> {
  await page.evaluate((e) => {
    const rs = (globalThis as unknown as { replisim: { payload: { re: number[] }; scrollToRow(r: number): void; render(): void } }).replisim;
    rs.scrollToRow(rs.payload.re.indexOf(e));
    rs.render();
  }, event);
  await page.click(`#diagram circle.ev[data-event="${event}"]`);
  await page.waitForSelector(`#panel[data-event="${event}"]`);
}

const panelState = async (page: Page, node: string): Promise<unknown> => JSON.parse(await page.locator(`#panel details[data-node="${node}"] pre.state`).innerText());

describe.skipIf(!HAS_CHROMIUM)('reports html in a browser: a run with a violation', () => {
  it('draws lanes and arrows, highlights the violation, and shows every node’s state at a clicked event', async () => {
    const v = violatingRegisterRun();
    const truth = groundTruth();
    const rec = recordRun({ ...v.config, onEvent: truth.onEvent });
    expect(rec.result.verdict).toBe('violation');
    const file = join(OUT, 'register-violation.html');
    writeReportAtomic(file, renderHtml(rec, { replayCommand: v.replayCommand }));
    const { page, requests, errors } = await open(file);

    expect(await page.locator('#diagram line.lane').count()).toBe(3);
    expect(await page.locator('#diagram line.arrow').count()).toBeGreaterThan(5);
    expect(await page.locator('#diagram .violation-band').count()).toBe(1);
    expect(await page.locator('#verdict').innerText()).toBe('VIOLATION');
    expect(await page.locator('#violation').innerText()).toContain('acked-write-logged');
    // The report opens on the violating event.
    expect(await page.locator('#panel').getAttribute('data-event')).toBe(String(rec.result.violation!.eventIndex));

    // A backup receiving a replicate: its state, and every other node's, as they were right after that event.
    const msgs = rec.result.trace.filter((t) => t.kind === 'message' && t.msgType === 'replicate' && t.to === 'n2');
    const target = msgs[Math.floor(msgs.length / 2)]!;
    await clickEvent(page, target.event);
    for (const n of ['n1', 'n2', 'n3']) expect(await panelState(page, n), n).toEqual(truth.states.get(target.event)![n]);
    expect(await page.locator('#panel details.focus').getAttribute('data-node')).toBe('n2');
    const cause = await page.locator('#cause').innerText();
    expect(cause).toContain('"type":"replicate"');
    expect(cause).toContain(`sent by n1 at`);
    await page.screenshot({ path: join(OUT, 'register-violation.png') });

    // Following the cause leads to the sender's event.
    await page.click('#cause a[data-goto]');
    const sendEvent = Number(await page.locator('#panel').getAttribute('data-event'));
    expect(sendEvent).toBeLessThan(target.event);
    expect(rec.result.trace.find((t) => t.event === sendEvent)?.node).toBe('n1');

    // Filters: a message type, then a node.
    expect(await page.locator('#diagram line.arrow[data-msg="ping"]').count()).toBeGreaterThan(0);
    const pingBox = page.locator('#type-filters label', { hasText: 'ping' }).locator('input');
    await pingBox.uncheck();
    expect(await page.locator('#diagram line.arrow[data-msg="ping"]').count()).toBe(0);
    await page.locator('#node-filters label', { hasText: 'n3' }).locator('input').uncheck();
    expect(await page.locator('#diagram line.lane').count()).toBe(2);
    expect(await page.locator('#diagram line.lane[data-node="n3"]').count()).toBe(0);

    expect(errors).toEqual([]);
    expect(requests.filter((u) => !u.startsWith('file://'))).toEqual([]);
    await page.close();
  });
});

describe.skipIf(!HAS_CHROMIUM)('reports html in a browser: 100,000 events', () => {
  const MID_FROM = 50_000;
  const truth = groundTruth((e) => (e >= MID_FROM && e < MID_FROM + 20) || e >= 100_000);
  let rec: ReturnType<typeof recordRun>;
  let fullBytes = 0;

  beforeAll(() => {
    rec = recordRun({
      protocol: chatterProtocol, seed: 1, faultPhaseUs: ms(12_200), skipLiveness: true, onEvent: truth.onEvent,
      faults: [{ atUs: ms(2_000), kind: 'crash', target: 'n2', forUs: ms(500) }, { atUs: ms(5_000), kind: 'partition', groups: [['n1'], ['n2', 'n3']] }, { atUs: ms(6_000), kind: 'heal' }, { atUs: ms(8_000), kind: 'pause', target: 'n3', forUs: ms(300) }],
    });
  });

  it('renders into a file under 20 MB that stays responsive (only visible rows drawn)', async () => {
    expect(rec.result.events).toBeGreaterThanOrEqual(100_000);
    const html = renderHtml(rec);
    fullBytes = html.length;
    expect(Buffer.byteLength(html)).toBeLessThan(FILE_BYTES_MAX);
    expect(html).not.toContain('sampled:');
    const file = join(OUT, 'chatter-100k.html');
    writeReportAtomic(file, html);
    const { page, errors } = await open(file);
    expect(await page.locator('#diagram *').count()).toBeLessThan(3_000);

    // Anywhere in the run, a redraw draws a screenful, not the run: the element count stays bounded (the time it takes
    // is bench/html.ts's to measure, not a test's).
    const drawnCounts = await page.evaluate(() => {
      const g = globalThis as unknown as { replisim: { rows: number; scrollToRow(r: number): void; render(): void }; document: { querySelectorAll(q: string): { length: number } } };
      const counts: number[] = [];
      for (let i = 1; i <= 20; i++) { g.replisim.scrollToRow(Math.floor((g.replisim.rows * i) / 21)); g.replisim.render(); counts.push(g.document.querySelectorAll('#diagram *').length); }
      return counts;
    });
    for (const n of drawnCounts) { expect(n).toBeGreaterThan(0); expect(n).toBeLessThan(3_000); }

    // Scrolling with the wheel keeps the visible rows drawn (redrawing only when it leaves the drawn margin).
    await page.mouse.move(300, 500);
    for (const dy of [300, 4_000, 400]) {
      await page.mouse.wheel(0, dy);
      await page.waitForTimeout(150);
      const cover = await page.evaluate(() => {
        const sc = (globalThis as unknown as { document: { getElementById(id: string): { scrollTop: number; clientHeight: number; getAttribute(a: string): string | null } } }).document;
        const scroll = sc.getElementById('scroll');
        const svg = sc.getElementById('diagram');
        return { need: [Math.floor(scroll.scrollTop / 20), Math.ceil((scroll.scrollTop + scroll.clientHeight) / 20)], drawn: [Number(svg.getAttribute('data-first-row')), Number(svg.getAttribute('data-last-row'))] };
      });
      expect(cover.drawn[0]!).toBeLessThanOrEqual(cover.need[0]!);
      expect(cover.drawn[1]!).toBeGreaterThanOrEqual(cover.need[1]!);
    }

    const event = [...truth.states.keys()].find((e) => e >= MID_FROM && rec.result.trace.some((t) => t.event === e))!;
    await clickEvent(page, event);
    for (const n of ['n1', 'n2', 'n3']) expect(await panelState(page, n), n).toEqual(truth.states.get(event)![n]);
    expect(await page.locator('#diagram line.lane').count()).toBe(3);
    // The crash of n2 shades its lane while it is down.
    const crash = rec.result.trace.find((t) => t.kind === 'fault' && t.detail.startsWith('crash'))!;
    await clickEvent(page, crash.event);
    expect(await page.locator('#diagram rect.span-down').count()).toBeGreaterThan(0);
    expect(await panelState(page, 'n2')).toBeNull();
    await page.screenshot({ path: join(OUT, 'chatter-100k.png') });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('draws each node’s role as a band and the two sides of a partition in distinct colours, at the right rows', async () => {
    const { page, errors } = await open(join(OUT, 'chatter-100k.html'));
    const trace = rec.result.trace;
    const partition = trace.find((t) => t.kind === 'fault' && t.detail.startsWith('partition ['))!;
    const heal = trace.find((t) => t.kind === 'fault' && t.detail === 'heal')!;
    const during = trace.find((t) => t.event > partition.event + 50 && t.node === 'n2')!.event;
    const after = trace.find((t) => t.event > heal.event + 50 && t.node === 'n2')!.event;
    const crash = trace.find((t) => t.kind === 'fault' && t.detail.startsWith('crash'))!;
    const whileDown = trace.find((t) => t.event > crash.event + 20 && t.node === 'n1')!.event;
    const beforeLeader = trace.find((t) => t.event > 0 && t.event < rec.firstLeader!.event)!.event;

    /** The shapes of `selector` whose vertical extent covers the row of `event`, with their node, role/side, class and colour. */
    const coverAt = async (event: number, selector: string) => {
      await clickEvent(page, event);
      return page.evaluate(({ event: e, selector: sel }) => {
        const doc = (globalThis as unknown as { document: { querySelector(s: string): { getAttribute(a: string): string | null } | null; querySelectorAll(s: string): ArrayLike<{ getAttribute(a: string): string | null }> } }).document;
        const cy = Number(doc.querySelector(`#diagram circle.ev[data-event="${e}"]`)!.getAttribute('cy'));
        const style = (globalThis as unknown as { getComputedStyle(el: unknown): { fill: string } }).getComputedStyle;
        return Array.from(doc.querySelectorAll(sel))
          .filter((el) => Number(el.getAttribute('y')) <= cy && cy <= Number(el.getAttribute('y')) + Number(el.getAttribute('height')))
          .map((el) => ({ node: el.getAttribute('data-node'), role: el.getAttribute('data-role'), side: el.getAttribute('data-side'), cls: el.getAttribute('class'), fill: style(el).fill }))
          .sort((a, b) => String(a.node).localeCompare(String(b.node)));
      }, { event, selector });
    };

    // Partition [n1] | [n2,n3]: n1's stripe is side A, n2's and n3's side B, in another colour; gone after the heal.
    const sides = await coverAt(during, '#diagram rect.span-partitioned');
    expect(sides.map((x) => [x.node, x.side, x.cls])).toEqual([['n1', 'A', 'span span-partitioned side-0'], ['n2', 'B', 'span span-partitioned side-1'], ['n3', 'B', 'span span-partitioned side-1']]);
    expect(sides[0]!.fill).toBe('rgb(229, 57, 53)');
    expect(sides[1]!.fill).toBe('rgb(30, 136, 229)');
    await page.screenshot({ path: join(OUT, 'chatter-partition.png') });
    expect(await coverAt(after, '#diagram rect.span-partitioned')).toEqual([]);

    // Roles: looking before n1 leads, then n1 leader (green) and the others followers (blue); a crashed node has no band.
    const roleOf = (xs: { node: string | null; role: string | null; fill: string }[]) => xs.map((x) => [x.node, x.role, x.fill]);
    expect(roleOf(await coverAt(beforeLeader, '#diagram rect.role-band'))).toEqual([['n2', 'looking', 'rgb(255, 179, 0)'], ['n3', 'looking', 'rgb(255, 179, 0)']]);
    expect(roleOf(await coverAt(during, '#diagram rect.role-band'))).toEqual([['n1', 'leader', 'rgb(46, 125, 50)'], ['n2', 'followers', 'rgb(30, 136, 229)'], ['n3', 'followers', 'rgb(30, 136, 229)']]);
    expect(roleOf(await coverAt(whileDown, '#diagram rect.role-band'))).toEqual([['n1', 'leader', 'rgb(46, 125, 50)'], ['n3', 'followers', 'rgb(30, 136, 229)']]);
    expect((await page.locator('#role-legend .role-key').evaluateAll((els) => els.map((e) => e.getAttribute('data-role')))).sort()).toEqual(['followers', 'leader', 'looking']);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('degrades a run too big for the budget to a sampled report with a note, still showing the end exactly', async () => {
    // A quarter of the full report: more than dropping node states and cutting details can give back.
    const budget = Math.floor(fullBytes / 4);
    const html = renderHtml(rec, { bytesMax: budget });
    expect(html.length).toBeLessThanOrEqual(budget);
    const file = join(OUT, 'chatter-sampled.html');
    writeReportAtomic(file, html);
    const { page, errors } = await open(file);
    expect(await page.locator('#notes').innerText()).toMatch(/sampled: \d+ events are too many to draw/);
    const last = rec.result.events - 1;
    await clickEvent(page, last);
    for (const n of ['n1', 'n2', 'n3']) expect(await panelState(page, n), n).toEqual(truth.states.get(last)![n]);
    expect(errors).toEqual([]);
    await page.close();
  });
});
