import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../config/defaults.js';
import { deckTexts } from '../renderers/test-support/deck.js';
import { runDemo, type DemoResult } from './run-demo.js';
import { scratchFolders } from '../storage/test-support/scratch.js';

const temp = scratchFolders();
afterAll(temp.remove);

const NOW = Date.UTC(2026, 10, 22);
const CHROMIUM = '/usr/bin/chromium';
const DOCS = new URL('../../docs/', import.meta.url);
const onPath = (cmd: string) => {
  try {
    execFileSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};

/** The demo's reports as a reader gets them: the HTML in a real browser, the deck unzipped and, where LibreOffice is installed, rendered. */
describe("the demo's reports", () => {
  let result: DemoResult;
  const file = (ext: string) => result.reports.find((r) => r.endsWith(`report.${ext}`))!;
  beforeAll(async () => {
    result = await runDemo(DEFAULT_SETTINGS, { dir: temp.make('secscore-demo-reports-'), now: NOW });
  }, 300_000);

  it('writes report.md, report.html, report.pptx and report.json', () => {
    expect(result.reports.map((r) => r.split('/').pop())).toEqual(['report.md', 'report.html', 'report.pptx', 'report.json']);
    const json = JSON.parse(readFileSync(file('json'), 'utf8'));
    expect(json.scorecard.rows).toHaveLength(5);
  });

  it('has all three narrative sections, both lists of asks and a close', () => {
    const { narrative, asks, close } = result.review;
    expect(narrative!.well.length).toBeGreaterThan(0);
    expect(narrative!.wasted.length).toBeGreaterThan(0);
    expect(narrative!.next.length).toBeGreaterThan(0);
    expect(asks!.mandatory.length).toBeGreaterThan(0);
    expect(asks!.recommended.length).toBeGreaterThan(0);
    expect(close!.sentences.length).toBeGreaterThanOrEqual(2);
    expect(close!.sentences.length).toBeLessThanOrEqual(4);
    const md = readFileSync(file('md'), 'utf8');
    for (const heading of [
      '### 1. Where engineering is doing well',
      '### 2. Where engineering time is being wasted',
      '### 3. What engineering should do next',
      '### Mandatory this quarter',
      '### Recommended this quarter',
      '## Close',
    ])
      expect(md).toContain(heading);
  });

  it('has no "No data" cell in the scorecard, in the review nor in the Markdown table', () => {
    for (const r of result.review.scorecard!.rows) {
      const cells = {
        releaseGateHealth: r.releaseGateHealth.value,
        reviewLatency: r.reviewLatency.value,
        topFailureMode: r.topFailureMode.value,
        escalation: r.escalation.value,
      };
      for (const [column, value] of Object.entries(cells)) expect(value, `${r.area} ${column}`).not.toBe('No data');
    }
    const md = readFileSync(file('md'), 'utf8');
    const table = md.slice(md.indexOf('## Engineering leadership scorecard'), md.indexOf('## Product-line view'));
    expect(table.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| Product'))).toHaveLength(5);
    expect(table).not.toContain('No data');
    for (const l of result.review.scorecard!.lines) expect(l.trend.value, l.line).not.toBe('No data');
  });

  it('renders the HTML report in headless Chromium with no console error and no network request, and saves docs/report.png', async (ctx) => {
    if (!existsSync(CHROMIUM)) {
      if (process.env['CI']) throw new Error(`CI: ${CHROMIUM} is required for the report rendering test (apt-get install -y chromium)`);
      console.warn(`skipped: ${CHROMIUM} not found; install it with apt-get install -y chromium`);
      ctx.skip();
    }
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 1500 } });
      const problems: string[] = [];
      const requests: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
      });
      page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
      page.on('request', (r) => requests.push(r.url()));
      const url = pathToFileURL(file('html')).href;
      await page.goto(url, { waitUntil: 'load' });
      expect(problems).toEqual([]);
      expect(requests).toEqual([url]);
      // It reads without script, and its charts are drawn.
      expect(await page.locator('svg').count()).toBeGreaterThanOrEqual(3);
      expect(await page.locator('#scorecard tbody tr').count()).toBe(5);
      mkdirSync(DOCS, { recursive: true });
      await page.screenshot({ path: new URL('report.png', DOCS).pathname });
      // Print: the navigation goes, and the document paginates.
      await page.emulateMedia({ media: 'print' });
      expect(await page.locator('nav').isVisible()).toBe(false);
      const pdf = await page.pdf({ format: 'A4', printBackground: true });
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    } finally {
      await browser.close();
    }
  }, 120_000);

  it('writes a deck that opens: its slides carry the scorecard, product lines, narrative, asks and close', async () => {
    const texts = await deckTexts(readFileSync(file('pptx')));
    expect(texts).toHaveLength(6);
    expect(texts[1]).toContain('Engineering leadership scorecard');
    expect(texts[1]).toContain('Reporting services');
    expect(texts[2]).toContain('Product-line view');
    expect(texts[3]).toContain('3. What engineering should do next');
    expect(texts[4]).toContain('Mandatory this quarter');
    expect(texts[5]).toMatch(/^Close We have /);
  });

  it('renders the first slide with LibreOffice where it is installed, and saves docs/deck.png', (ctx) => {
    if (!onPath('libreoffice') || !onPath('pdftoppm')) {
      console.warn('skipped: LibreOffice or pdftoppm not installed (apt-get install -y libreoffice-impress poppler-utils)');
      ctx.skip();
    }
    const out = temp.make('secscore-deck-');
    execFileSync('libreoffice', ['--headless', `-env:UserInstallation=file://${out}/profile`, '--convert-to', 'pdf', '--outdir', out, file('pptx')], {
      stdio: 'ignore',
      timeout: 120_000,
    });
    const pdf = join(out, 'report.pdf');
    expect(existsSync(pdf)).toBe(true);
    execFileSync('pdftoppm', ['-png', '-r', '96', '-f', '1', '-l', '1', '-singlefile', pdf, join(out, 'slide')], { timeout: 60_000 });
    const png = join(out, 'slide.png');
    expect(readFileSync(png).subarray(1, 4).toString()).toBe('PNG');
    mkdirSync(DOCS, { recursive: true });
    copyFileSync(png, new URL('deck.png', DOCS).pathname);
  }, 180_000);
});
