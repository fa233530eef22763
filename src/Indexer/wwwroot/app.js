// The search page: the form's state lives in the URL (linkable, back/forward work), results come from GET /search.
// Only snippet and highlightedTitle are inserted as HTML: the service escapes them and adds <mark>. Everything
// else from a feed is text, set with textContent, because feeds are written by strangers.
'use strict';

const $ = (id) => document.getElementById(id);
const form = $('search-form');
const FILTERS = ['q', 'feed', 'from', 'to', 'language', 'sort'];
const FEED_PARAMETERS = ['q', 'feed', 'from', 'to', 'language'];
const DATES = ['from', 'to'];
const PAGE_SIZE = 10;
const defaultTitle = document.title;
const dates = new Intl.DateTimeFormat('gu-IN', { dateStyle: 'medium', timeStyle: 'short' });
const numbers = new Intl.NumberFormat('gu-IN');
let latest = 0; // the number of the newest search; answers to older ones are dropped
let shownFacets = [undefined, undefined]; // kept to label feed options that /feeds lists after a search answered

// state.feed is a list: /search takes feed= repeated or comma-separated, and a link naming several feeds means all
// of them. The other filters are single texts.
function readState(search) {
  const params = new URLSearchParams(search);
  const state = {};
  for (const name of FILTERS) state[name] = (params.get(name) ?? '').trim();
  state.feed = feedList(params.getAll('feed'));
  state.sort = state.sort === 'newest' ? 'newest' : 'relevance';
  state.language = state.language.toLowerCase();
  state.page = Math.max(1, parseInt(params.get('page'), 10) || 1);
  // A link may ask for other pages than ten results, as /search takes; its page numbers count those pages.
  state.size = Math.min(100, Math.max(1, parseInt(params.get('size'), 10) || PAGE_SIZE));
  return state;
}

function formState() {
  const state = { page: 1, size: readState(location.search).size };
  for (const name of FILTERS) state[name] = $(name).value.trim();
  state.feed = feedList([state.feed]);
  for (const name of DATES) state[name] = dateOf(name);
  return state;
}

const feedList = (values) => [...new Set(values.flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean))];

// Several feeds are written as feed= repeated, the form a shared link most likely used.
function toParams(state, names) {
  const params = new URLSearchParams();
  for (const name of names) for (const value of [state[name]].flat()) if (value) params.append(name, value);
  return params;
}

function toQueryString(state) {
  const params = toParams(state.sort === 'relevance' ? { ...state, sort: '' } : state, FILTERS);
  if (state.page > 1) params.set('page', String(state.page));
  if (state.size !== PAGE_SIZE) params.set('size', String(state.size));
  return params.toString();
}

// The feed of a search: its words and filters, newest first (a feed reader wants what is new, not a page).
const feedQueryString = (state) => toParams(state, FEED_PARAMETERS).toString();

// The visible links, and the <link rel="alternate"> a feed reader or browser discovers; the service writes the
// latter into the page it serves for a search URL too, for readers that do not run scripts.
function showFeedLinks(state) {
  const query = feedQueryString(state);
  $('feed-links').hidden = !query;
  let alternate = document.querySelector('link[rel="alternate"][type="application/atom+xml"]');
  if (!query) {
    alternate?.remove();
    return;
  }
  $('feed-atom').href = `/search.atom?${query}`;
  $('feed-rss').href = `/search.rss?${query}`;
  if (!alternate) {
    alternate = document.head.appendChild(document.createElement('link'));
    Object.assign(alternate, { rel: 'alternate', type: 'application/atom+xml', title: 'Atom' });
  }
  alternate.href = `/search.atom?${query}`;
}

function fillForm(state) {
  $('q').value = state.q;
  $('sort').value = state.sort;
  ensureFeedOption(state.feed);
  $('feed').value = state.feed.join(',');
  ensureLanguageOption(state.language);
  $('language').value = state.language;
  for (const name of DATES) fillDate(name, state[name]);
}

// A linked feed that /feeds no longer lists (or has not listed yet) must still show as chosen; so must a linked
// set of feeds, as one option ("a + b") that searches them all again.
function ensureFeedOption(ids) {
  const value = ids.join(',');
  if (!value || [...$('feed').options].some((o) => o.value === value)) return;
  $('feed').add(new Option(ids.join(' + '), value));
}

// The languages the feeds are configured with, and a linked one that none has, named in Gujarati with the tag.
function ensureLanguageOption(tag) {
  const value = tag?.toLowerCase();
  if (!value || [...$('language').options].some((o) => o.value === value)) return;
  $('language').add(new Option(languageName(value), value));
}

function languageName(tag) {
  try {
    const name = new Intl.DisplayNames(['gu'], { type: 'language' }).of(tag);
    return name && name !== tag ? `${name} (${tag})` : tag;
  } catch {
    return tag; // not a tag Intl knows; /search will say what is wrong with it
  }
}

// /search takes a date-time bound too (from=2024-11-05T12:00:00Z), which a date box cannot hold. The box shows its
// day and the exact value is shown beside it; searching again keeps the exact value until the reader picks
// another day, so a linked filter is neither dropped nor widened to the whole day behind the reader's back.
function fillDate(name, value) {
  const day = /^\d{4}-\d{2}-\d{2}/.exec(value)?.[0] ?? '';
  $(name).value = day;
  $(name).dataset.exact = day && value !== day ? value : '';
  showExactDate(name);
}

function showExactDate(name) {
  const exact = $(`${name}-exact`);
  exact.hidden = dateOf(name) === $(name).value;
  exact.textContent = exact.hidden ? '' : `સમય સાથે (with time): ${$(name).dataset.exact}`;
}

function dateOf(name) {
  const { value, dataset } = $(name);
  return dataset.exact && value === dataset.exact.slice(0, 10) ? dataset.exact : value;
}

async function loadFeeds() {
  try {
    const response = await fetch('/feeds', { headers: { Accept: 'application/json' } });
    if (!response.ok) return;
    for (const feed of await response.json()) {
      ensureFeedOption([feed.id]);
      ensureLanguageOption(feed.language);
    }
    const state = readState(location.search);
    $('feed').value = state.feed.join(',');
    $('language').value = state.language;
    renderFacets(...shownFacets);
  } catch {
    // The page still searches all feeds without the list; the feed filter just offers fewer choices.
  }
}

async function run(state, push) {
  const query = toQueryString(state);
  if (push && location.search !== (query ? '?' + query : '')) history.pushState(null, '', query ? '?' + query : location.pathname);
  fillForm(state);
  document.title = state.q ? `${state.q} – ${defaultTitle}` : defaultTitle;
  showFeedLinks(state);
  if (!state.q && !state.feed.length && !state.from && !state.to && !state.language) return render(null, state);

  const number = ++latest;
  $('results').setAttribute('aria-busy', 'true');
  try {
    const api = new URLSearchParams(query);
    api.set('size', String(state.size));
    const response = await fetch(`/search?${api}`, { headers: { Accept: 'application/json' } });
    const body = await response.json().catch(() => null);
    if (number !== latest) return;
    if (!response.ok) return showError(body?.detail ?? `${response.status} ${response.statusText}`);
    render(body, state);
  } catch (e) {
    if (number === latest) showError(`સેવા સુધી પહોંચી શકાયું નહીં (could not reach the service): ${e.message}`);
  } finally {
    if (number === latest) $('results').removeAttribute('aria-busy');
  }
}

function showError(detail) {
  render(null);
  $('error').textContent = detail;
  $('error').hidden = false;
}

function render(response, state) {
  $('error').hidden = true;
  $('results').replaceChildren(...(response?.hits ?? []).map(renderHit));
  $('notice-or').hidden = response?.operator !== 'OR';
  renderReading(response, state);
  $('notice-partial').hidden = !response?.partial;
  $('notice-rebuilding').hidden = !response?.rebuilding;
  if (response?.rebuilding) {
    $('rebuilding-done').textContent = numbers.format(response.rebuilding.done);
    $('rebuilding-total').textContent = numbers.format(response.rebuilding.total);
  }
  $('summary').textContent = response ? summaryOf(response) : '';
  renderFacets(response?.facets?.feedId, state);
  renderPager(response, state);
}

// The pager's links carry the whole state, so a page opens in a new tab too. A page past the last (a stale or
// shared link, or articles gone by retention) says so and links to the last page instead.
function renderPager(response, state) {
  const pages = response ? Math.max(1, Math.ceil(response.total / response.size)) : 0;
  const pastEnd = response?.total > 0 && response.page > pages;
  $('notice-past-end').hidden = !pastEnd;
  $('pager').hidden = !response || response.total === 0 || pastEnd;
  if (pastEnd) {
    $('past-end-gu').textContent = `પાનું ${numbers.format(response.page)} નથી: પરિણામો ${numbers.format(pages)} પાનાંમાં છે.`;
    $('past-end-en').textContent = `There is no page ${response.page}: the results fill ${pages}.`;
    linkToPage($('last-page'), state, pages, true);
  }
  linkToPage($('prev'), state, response?.page - 1, response?.page > 1);
  linkToPage($('next'), state, response?.page + 1, response?.page < pages);
  $('page-info').textContent = response ? `પાનું ${numbers.format(response.page)} / ${numbers.format(pages)} (page ${response.page} of ${pages})` : '';
}

function linkToPage(link, state, page, enabled) {
  if (enabled) {
    link.href = '?' + toQueryString({ ...state, page });
    link.removeAttribute('aria-disabled');
  } else {
    link.removeAttribute('href');
    link.setAttribute('aria-disabled', 'true');
  }
}

// A query typed in Latin letters was read as Gujarati words: say which, as the query they make, and offer that
// query as a search in Gujarati letters.
function renderReading(response, state) {
  const gujarati = response?.transliterated && state?.q ? readingOf(state.q, response.readAs ?? {}) : null;
  $('notice-latin').hidden = !gujarati;
  if (!gujarati) return;
  $('read-as').textContent = gujarati;
  $('read-as').href = '?' + toQueryString({ ...state, q: gujarati, page: 1 });
}

// Each word of the query the service read gives way to the Gujarati form it matched most; the rest (operators,
// quotes, words it did not read) stay as typed. Null when no word was read.
function readingOf(q, readAs) {
  let read = false;
  const text = q.replace(/[\p{L}\p{M}\p{N}]+/gu, (word) => {
    const forms = readAs[word.toLowerCase()];
    if (!forms?.length) return word;
    read = true;
    return forms[0];
  });
  return read ? text : null;
}

function summaryOf(response) {
  if (response.total === 0) return 'કોઈ પરિણામ મળ્યું નથી (no results)';
  return `${numbers.format(response.total)} પરિણામ (results) · ${numbers.format(response.tookMs)} ms`;
}

function renderHit(hit) {
  const item = document.createElement('li');
  const language = foreignLanguage(hit.language);
  const heading = item.appendChild(document.createElement('h2'));
  if (language) heading.lang = language;
  const link = safeUrl(hit.url) ? heading.appendChild(document.createElement('a')) : heading;
  if (link !== heading) Object.assign(link, { href: hit.url, target: '_blank', rel: 'noopener' });
  link.innerHTML = hit.highlightedTitle;

  const meta = item.appendChild(document.createElement('div'));
  meta.className = 'meta';
  meta.appendChild(document.createElement('span')).textContent = hit.feedId;
  if (hit.published) {
    const time = meta.appendChild(document.createElement('time'));
    time.dateTime = hit.published;
    time.textContent = dates.format(new Date(hit.published));
  }

  if (safeUrl(hit.imageUrl)) {
    // The story's own picture, from its page; a broken one takes no room.
    const image = item.appendChild(document.createElement('img'));
    Object.assign(image, { src: hit.imageUrl, alt: '', loading: 'lazy', className: 'thumb', referrerPolicy: 'no-referrer' });
    image.addEventListener('error', () => image.remove());
  }

  const snippet = item.appendChild(document.createElement('p'));
  snippet.className = 'snippet';
  if (language) snippet.lang = language;
  snippet.innerHTML = hit.snippet;

  if (safeUrl(hit.url)) {
    const original = item.appendChild(document.createElement('a'));
    Object.assign(original, { href: hit.url, target: '_blank', rel: 'noopener', className: 'original' });
    original.textContent = 'મૂળ સમાચાર વાંચો (original) ↗';
  }
  return item;
}

// The page is lang="gu"; the title and snippet of an article in another language say which, so that a screen
// reader reads them with that language's voice. The page's own Gujarati labels around them keep the page's.
function foreignLanguage(tag) {
  const language = tag?.trim();
  return language && language.split('-')[0].toLowerCase() !== 'gu' ? language : null;
}

// A feed could carry a javascript: or data: link; only web addresses become links.
function safeUrl(url) {
  try {
    return url != null && ['http:', 'https:'].includes(new URL(url).protocol);
  } catch {
    return false;
  }
}

// Counts per feed, next to each feed's option and as a list to narrow with one click. With feeds chosen the
// service counts only those, so the other options show no number rather than a wrong zero.
function renderFacets(counts, state) {
  shownFacets = [counts, state];
  const chosen = state?.feed ?? [];
  for (const option of $('feed').options) {
    if (!option.value) continue;
    const ids = option.value.split(',');
    const label = ids.join(' + ');
    const known = counts && (!chosen.length || ids.every((id) => chosen.includes(id)));
    option.textContent = known ? `${label} (${numbers.format(ids.reduce((sum, id) => sum + (counts[id] ?? 0), 0))})` : label;
  }
  const entries = Object.entries(counts ?? {}).sort((a, b) => b[1] - a[1]);
  $('facets').hidden = chosen.length === 1 || entries.length < 2;
  // Links, as the pager's are: a feed's results can open in a new tab beside these.
  const current = state ?? readState(location.search);
  $('facets').replaceChildren(...entries.map(([feed, count]) => {
    const item = document.createElement('li');
    const link = item.appendChild(document.createElement('a'));
    link.href = '?' + toQueryString({ ...current, feed: [feed], page: 1 });
    link.textContent = `${feed} (${numbers.format(count)})`;
    link.addEventListener('click', searchInPlace);
    return item;
  }));
}

// A plain click on one of the page's own links searches in place; with a modifier key or another button the
// browser opens it its own way (a new tab, a new window), and the page there reads the state from the URL.
function searchInPlace(event) {
  const link = event.currentTarget;
  if (!link.href || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return null;
  event.preventDefault();
  return run(readState(new URL(link.href).search), true);
}

function goToPage(event) {
  searchInPlace(event)?.then(() => $('summary').scrollIntoView({ block: 'nearest' }));
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  run(formState(), true);
});
for (const name of DATES) $(name).addEventListener('input', () => showExactDate(name));
for (const id of ['prev', 'next', 'last-page']) $(id).addEventListener('click', goToPage);
$('read-as').addEventListener('click', searchInPlace);
window.addEventListener('popstate', () => run(readState(location.search), false));

loadFeeds();
run(readState(location.search), false);
