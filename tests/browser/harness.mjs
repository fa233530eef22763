// What the page scripts share: Debian's chromium through playwright-core, named checks, and one JSON report on
// stdout. A script exits 1 if any check failed, 2 on its time limit, so a hung page never hangs the test run.
import { createRequire } from 'node:module';

// playwright-core lives in tests/tools (npm ci --prefix tests/tools), not beside these scripts.
const require = createRequire(new URL('../tools/package.json', import.meta.url));
const { chromium } = require('playwright-core');

export const checks = [];
export const problems = []; // console errors and CSP violations: a page that "works" while logging these is still broken
let extraReport = {};

export function check(name, ok, detail) {
  checks.push({ name, ok: Boolean(ok), detail });
  return Boolean(ok);
}

export function finish(code, extra = {}) {
  console.log(JSON.stringify({ ok: code === 0, checks, problems, ...extraReport, ...extra }, null, 2));
  process.exit(code);
}

export function timeLimit(ms, report = {}) {
  extraReport = report;
  setTimeout(() => finish(2, { error: `gave up after ${ms} ms` }), ms).unref();
}

// Runs the steps on a page of a fresh chromium, then reports: an error thrown is a failed check, and so is anything
// the page logged as an error.
export async function drive(steps) {
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    // A fresh profile comes from launch() itself; these keep chromium off the network and quiet in CI.
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  try {
    await steps(await newPage(browser));
    check('no console errors', problems.length === 0, problems);
  } catch (e) {
    check('script ran to the end', false, String(e?.stack ?? e));
  } finally {
    await browser.close();
  }
  finish(checks.every((c) => c.ok) ? 0 : 1);
}

// A page in Gujarati locale whose console errors and script errors are collected as problems.
async function newPage(browser) {
  const page = await browser.newPage({ locale: 'gu-IN', viewport: { width: 1000, height: 800 } });
  watch(page);
  return page;
}

// Also for a page the first one opens (a new tab).
export function watch(page) {
  page.setDefaultTimeout(8_000);
  page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
  page.on('pageerror', (e) => problems.push(String(e)));
}
