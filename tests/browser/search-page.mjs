// Drives Debian's chromium through the search page as a reader would: types a Gujarati query, reads the highlighted
// results, makes a syntax error, goes back, types in Latin letters. Prints one JSON report; exits 1 if any check
// failed, 2 on the time limit.
// Usage: node tests/browser/search-page.mjs <baseUrl> [screenshot.png]
import { check, drive, finish, problems, timeLimit } from './harness.mjs';

const [baseUrl, screenshotPath] = process.argv.slice(2);
const QUERY = 'રશિયા';
const LATIN_QUERY = 'kim jong rashiya';
const TOTAL_MS = 20_000;

if (!baseUrl) finish(1, { error: 'usage: node search-page.mjs <baseUrl> [screenshot.png]' });
timeLimit(TOTAL_MS, { screenshot: screenshotPath ?? null });

await drive(async (page) => {
  const expected = await (await fetch(`${baseUrl}/search?q=${encodeURIComponent(QUERY)}`)).json();
  await page.goto(`${baseUrl}/`);
  check('page is Gujarati', await page.evaluate(() => document.documentElement.lang) === 'gu');
  check('query box has focus on load', await page.evaluate(() => document.activeElement?.id) === 'q');

  await page.keyboard.type(QUERY);
  await page.keyboard.press('Enter');
  await page.locator('#results li').first().waitFor();

  const first = page.locator('#results li').first();
  const count = await page.locator('#results li').count();
  check('at least one result', count >= 1, { count, total: expected.total });
  const marks = await first.locator('h2 a mark').allTextContents();
  check('title marks are forms of the query', marks.length > 0 && marks.every((m) => m.startsWith(QUERY)), marks);
  const snippetMarks = await first.locator('.snippet mark').allTextContents();
  check('snippet has a mark', snippetMarks.length > 0, snippetMarks);
  const link = await first.locator('h2 a').evaluate((a) => ({ href: a.getAttribute('href'), target: a.target, rel: a.rel }));
  check('title links to the article', link.href === expected.hits[0].url && link.target === '_blank' && link.rel.includes('noopener'),
    { link, expected: expected.hits[0].url });
  check('query is in the URL', new URL(page.url()).searchParams.get('q') === QUERY, page.url());
  const feedLinks = await page.evaluate(() => ({
    visible: document.querySelector('#feed-atom').href,
    alternate: document.querySelector('link[rel="alternate"][type="application/atom+xml"]')?.href,
  }));
  const feedUrl = `${baseUrl}/search.atom?q=${encodeURIComponent(QUERY)}`;
  check('the feed of this search is linked', feedLinks.visible === feedUrl && feedLinks.alternate === feedUrl
    && await page.locator('#feed-links').isVisible(), feedLinks);
  check('summary is announced', (await page.locator('#summary[aria-live]').textContent()).length > 0,
    await page.locator('#summary').textContent());
  check('paging controls exist', await page.locator('#pager').isVisible() && await page.locator('#prev').count() === 1
    && await page.locator('#next').count() === 1, await page.locator('#page-info').textContent());
  check('feed option shows its count', await page.locator('#feed option[value="local"]').textContent() === 'local (1)',
    await page.locator('#feed').evaluate((s) => [...s.options].map((o) => o.textContent)));
  check('no OR notice when every word matched', await page.locator('#notice-or').isHidden());
  check('no reading notice for Gujarati letters', await page.locator('#notice-latin').isHidden());
  if (screenshotPath) await page.screenshot({ path: screenshotPath, fullPage: true });

  await page.locator('#q').fill('title:"' + QUERY);
  await page.keyboard.press('Enter');
  await page.locator('#error').waitFor({ state: 'visible' });
  const error = await page.locator('#error').textContent();
  check('syntax error is shown', error.startsWith('q:'), error);
  check('results are cleared on error', await page.locator('#results li').count() === 0);
  // The browser logs the 400 itself; it is the answer this step asked for, not a fault of the page.
  const before = problems.length;
  problems.splice(0, problems.length, ...problems.filter((p) => !p.includes('400')));
  check('only the expected 400 was logged', before - problems.length <= 1, before);

  await page.goBack();
  await page.locator('#results li').first().waitFor();
  check('back restores the query and results', await page.locator('#q').inputValue() === QUERY && await page.locator('#error').isHidden());

  // A word no article has: the service falls back to any word, and the page must say so.
  await page.locator('#q').fill(`${QUERY} હિમાલય`);
  await page.keyboard.press('Enter');
  await page.locator('#notice-or').waitFor({ state: 'visible' });
  check('OR fallback is explained', await page.locator('#results li').count() >= 1, await page.locator('#notice-or').textContent());

  // Typed in Latin letters: the page says what the words were read as, marks the Gujarati words, and offers the
  // search in Gujarati letters, which then needs no such notice.
  const latin = await (await fetch(`${baseUrl}/search?q=${encodeURIComponent(LATIN_QUERY)}`)).json();
  await page.locator('#q').fill(LATIN_QUERY);
  await page.keyboard.press('Enter');
  await page.locator('#notice-latin').waitFor({ state: 'visible' });
  const readAs = await page.locator('#read-as').textContent();
  check('a Latin query says what it was read as', latin.transliterated
    && readAs === LATIN_QUERY.split(' ').map((w) => (latin.readAs[w] ?? [w])[0]).join(' ') && /^[\u0A80-\u0AFF ]+$/.test(readAs),
    { readAs, api: latin.readAs });
  check('the Gujarati words it matched are marked', (await page.locator('#results li').first().locator('h2 a mark').count()) > 0,
    await page.locator('#results li').first().locator('h2').innerHTML());
  check('a hint offers Gujarati letters', await page.locator('#hint-gujarati').isVisible());
  await page.locator('#read-as').click();
  await page.waitForURL((url) => url.searchParams.get('q') === readAs);
  // The Latin query's results stay on the page until the Gujarati one answers; its answer hides the notice.
  await page.locator('#notice-latin').waitFor({ state: 'hidden' });
  check('the reading searches in Gujarati letters', await page.locator('#q').inputValue() === readAs
    && await page.locator('#results li').count() >= 1, await page.locator('#q').inputValue());
});
