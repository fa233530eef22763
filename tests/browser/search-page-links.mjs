// Opens the search page from links a reader is given, as a reader would, and checks what the page shows and keeps
// of what the link names. The service has the feeds "daily" (12 stories with રશિયા, 1-12 Nov 2024 at 10:00 UTC),
// "local" (the sample article) and "english" (one English story).
// Runs one scenario, named on the command line (one per test). Prints one JSON report; exits 1 if any check failed,
// 2 on the time limit.
// Usage: node tests/browser/search-page-links.mjs <baseUrl> <scenario>
import { check, drive, finish, timeLimit, watch } from './harness.mjs';

const [baseUrl, scenario] = process.argv.slice(2);
const QUERY = 'રશિયા';
const q = `q=${encodeURIComponent(QUERY)}`;
const gujaratiNumber = new Intl.NumberFormat('gu-IN');

if (!baseUrl) finish(1, { error: 'usage: node search-page-links.mjs <baseUrl> <scenario>' });
timeLimit(20_000);

const api = async (query) => (await fetch(`${baseUrl}/search?${query}`)).json();
const summary = (page) => page.locator('#summary').textContent();
const shows = (total) => `${gujaratiNumber.format(total)} પરિણામ`;
const params = (page) => new URL(page.url()).searchParams;

// Loads a page URL and waits until its search has answered.
async function open(page, query) {
  await Promise.all([page.waitForResponse((r) => r.url().includes('/search?')), page.goto(`${baseUrl}/?${query}`)]);
  await page.locator('#summary').filter({ hasText: /\S/ }).waitFor();
}

// Does something that searches again, and waits for that answer to be drawn.
async function searchAgain(page, action) {
  await Promise.all([page.waitForResponse((r) => r.url().includes('/search?')), action()]);
  await page.waitForFunction(() => !document.querySelector('#results').hasAttribute('aria-busy'));
}

const scenarios = {
  // F6: a link naming two feeds searches both, shows both chosen, and its feed links keep both.
  'several-feeds': async (page) => {
    const twoFeeds = `${q}&feed=daily&feed=local`;
    const both = await api(twoFeeds);
    await open(page, twoFeeds);
    check('a link with two feeds finds what /search finds', both.total === 13 && (await summary(page)).startsWith(shows(both.total)),
      { page: await summary(page), api: both.total });
    check('both feeds show as chosen', await page.locator('#feed option:checked').textContent() === `daily + local (${gujaratiNumber.format(13)})`,
      await page.locator('#feed option:checked').textContent());
    const feedLinks = await page.evaluate(() => [document.querySelector('#feed-atom').href, document.querySelector('#feed-rss').href,
      document.querySelector('link[rel="alternate"][type="application/atom+xml"]')?.href]);
    check('the feed links keep both feeds', JSON.stringify(feedLinks) === JSON.stringify(
      [`${baseUrl}/search.atom?${twoFeeds}`, `${baseUrl}/search.rss?${twoFeeds}`, `${baseUrl}/search.atom?${twoFeeds}`]), feedLinks);
    await searchAgain(page, () => page.locator('button[type="submit"]').click());
    check('searching again keeps both feeds', params(page).getAll('feed').join() === 'daily,local'
      && (await summary(page)).startsWith(shows(13)), page.url());
  },

  // F7: a date-time bound shows its day and its exact value, and searching again keeps it exactly.
  'date-time': async (page) => {
    await open(page, `${q}&feed=daily&from=2024-11-05T12:00:00Z`);
    check('a date-time from keeps its filter', (await summary(page)).startsWith(shows(7)), await summary(page));
    check('the From box shows its day', await page.locator('#from').inputValue() === '2024-11-05', await page.locator('#from').inputValue());
    const exact = page.locator('#from-exact');
    check('the exact time is shown', await exact.count() === 1 && await exact.isVisible()
      && (await exact.textContent()).includes('2024-11-05T12:00:00Z'), await exact.count() && await exact.textContent());
    await searchAgain(page, () => page.locator('button[type="submit"]').click());
    check('searching again keeps the exact from', params(page).get('from') === '2024-11-05T12:00:00Z'
      && (await summary(page)).startsWith(shows(7)), { url: page.url(), summary: await summary(page) });
    await page.locator('#from').fill('2024-11-10');
    await searchAgain(page, () => page.locator('button[type="submit"]').click());
    check('a day the reader picks replaces it', params(page).get('from') === '2024-11-10' && (await summary(page)).startsWith(shows(3))
      && await exact.isHidden(), { url: page.url(), summary: await summary(page) });
  },

  // F8: a page past the last says so and links to the last page.
  'past-end': async (page) => {
    await open(page, `${q}&feed=daily&page=5`);
    const notice = page.locator('#notice-past-end');
    const text = await notice.count() ? await notice.textContent() : null;
    check('a page past the end says so', await notice.count() === 1 && await notice.isVisible() && text.includes('There is no page 5')
      && text.includes('the results fill 2') && await page.locator('#pager').isHidden(),
    { notice: text, pageInfo: await page.locator('#page-info').textContent() });
    await searchAgain(page, () => page.locator('#last-page').click());
    check('its link goes to the last page', params(page).get('page') === '2' && await page.locator('#results li').count() === 2
      && (await page.locator('#page-info').textContent()).includes('page 2 of 2') && await notice.isHidden(),
    { url: page.url(), pageInfo: await page.locator('#page-info').textContent() });
  },

  // F11: the pager's links carry the search; one opens in a new tab, a plain click pages in place.
  'pager-links': async (page) => {
    await open(page, `${q}&feed=daily`);
    const next = await page.locator('#next').getAttribute('href');
    check('next is a link to page 2 of this search', next === `?${q}&feed=daily&page=2`, next);
    check('previous on page 1 leads nowhere', await page.locator('#prev').getAttribute('href') === null
      && await page.locator('#prev').getAttribute('aria-disabled') === 'true');
    const [tab] = await Promise.all([page.context().waitForEvent('page'), page.locator('#next').click({ modifiers: ['ControlOrMeta'] })]);
    watch(tab);
    await tab.locator('#page-info').filter({ hasText: 'page 2 of 2' }).waitFor();
    check('page 2 opens in a new tab', params(tab).get('page') === '2' && await tab.locator('#results li').count() === 2
      && params(page).get('page') === null, { tab: tab.url(), page: page.url() });
    await tab.close();
    await searchAgain(page, () => page.locator('#next').click());
    check('a plain click pages in place', params(page).get('page') === '2' && await page.locator('#results li').count() === 2
      && await page.locator('#prev').getAttribute('href') === `?${q}&feed=daily`, page.url());
  },

  // F11: an English article's title and snippet say they are English; a Gujarati one's inherit the page's language.
  language: async (page) => {
    const languages = () => page.locator('#results li').first().evaluate((li) => [li.querySelector('h2').lang, li.querySelector('.snippet').lang]);
    await open(page, 'feed=english');
    const english = await languages();
    check('an English hit is marked lang=en', english.join() === 'en,en', english);
    await open(page, `${q}&feed=local`);
    const gujarati = await languages();
    check('a Gujarati hit keeps the page language', gujarati.join() === ',', gujarati);
  },
  // A language in the link (/search's language=) is a filter the form shows and keeps, and the feed links carry.
  'language-filter': async (page) => {
    await open(page, 'language=en');
    check('a linked language filters the results', (await summary(page)).startsWith(shows(1))
      && await page.locator('#results li h2').first().textContent() === 'Russia and North Korea sign defence pact', await summary(page));
    check('the language shows as chosen', await page.locator('#language').inputValue() === 'en'
      && (await page.locator('#language option:checked').textContent()).endsWith('(en)'), await page.locator('#language').inputValue());
    const atom = await page.locator('#feed-atom').getAttribute('href');
    check('the feed links keep the language', atom === '/search.atom?language=en', atom);
    await page.locator('#q').fill('pyongyang');
    await searchAgain(page, () => page.locator('button[type="submit"]').click());
    check('searching again keeps the language', params(page).get('language') === 'en' && (await summary(page)).startsWith(shows(1)),
      { url: page.url(), summary: await summary(page) });
  },

  // A page size in the link (/search's size=) is the page's too, so its page numbers mean the same pages.
  'page-size': async (page) => {
    await open(page, `${q}&feed=daily&size=5&page=2`);
    check('a linked size gives pages of that size', await page.locator('#results li').count() === 5
      && (await page.locator('#page-info').textContent()).includes('page 2 of 3'), await page.locator('#page-info').textContent());
    const next = await page.locator('#next').getAttribute('href');
    check('the pager keeps the size', next === `?${q}&feed=daily&page=3&size=5`, next);
  },
  // The per-feed counts are links too: one opens that feed's results in a new tab, a plain click narrows in place.
  'facet-links': async (page) => {
    await open(page, `${q}&feed=daily&feed=local`);
    const local = page.locator('#facets a', { hasText: 'local' });
    const href = await local.getAttribute('href');
    check('a feed count links to that feed\'s results', href === `?${q}&feed=local`, href);
    const [tab] = await Promise.all([page.context().waitForEvent('page'), local.click({ modifiers: ['ControlOrMeta'] })]);
    watch(tab);
    await tab.locator('#results li').first().waitFor();
    check('it opens in a new tab', params(tab).getAll('feed').join() === 'local' && await tab.locator('#results li').count() === 1
      && params(page).getAll('feed').join() === 'daily,local', { tab: tab.url(), page: page.url() });
    await tab.close();
    await searchAgain(page, () => local.click());
    check('a plain click narrows in place', params(page).getAll('feed').join() === 'local' && (await summary(page)).startsWith(shows(1)), page.url());
  },
};

if (!scenarios[scenario]) finish(1, { error: `unknown scenario ${scenario}; one of ${Object.keys(scenarios).join(', ')}` });
await drive(scenarios[scenario]);
