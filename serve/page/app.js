// SPDX-License-Identifier: MIT
// The newsdex search page. Everything it shows comes from the JSON API
// (docs/serve.md), so it is also the API's living example. Article text is
// put in the page with textContent only, never as HTML.

const PAGE_SIZE = 10;
const FACETS = ['leader', 'person', 'country', 'place', 'org', 'source'];
const FACET_NAMES = {
  leader: 'Leaders', person: 'People', country: 'Countries', place: 'Places',
  org: 'Organisations', source: 'Sources',
};
const FACET_SHOWN = 8;
// Values asked of each facet: enough for five years of months.
const FACET_LIMIT = 60;
// The markers the page asks the API to put around matches (hl_start,
// hl_end): private-use characters, which no article's text holds, where
// the default <em> could be the article's own text.
const HL_START = '\uE000';
const HL_END = '\uE001';
const MARKERS = `hl_start=${encodeURIComponent(HL_START)}&hl_end=${encodeURIComponent(HL_END)}`;
const SORTS = ['relevance', 'date', '-date'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const $ = (id) => document.getElementById(id);
const number = new Intl.NumberFormat('en');

// Builds an element: el('a', {href: '/', class: 'x'}, 'text', child...).
function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === false || value === null || value === undefined) continue;
    if (key === 'on') for (const [ev, fn] of Object.entries(value)) node.addEventListener(ev, fn);
    // Custom properties through the CSSOM: the server's Content-Security-
    // Policy refuses style attributes.
    else if (key === 'vars') for (const [name, v] of Object.entries(value)) node.style.setProperty(name, v);
    else node.setAttribute(key, value === true ? '' : value);
  }
  node.append(...children.filter((c) => c !== null && c !== undefined && c !== false));
  return node;
}

// ---- The state, held in the URL: ?q=&page=&sort=&article= ----

function readState() {
  const p = new URLSearchParams(location.search);
  return {
    q: p.get('q') || '',
    page: Math.max(1, parseInt(p.get('page') || '1', 10) || 1),
    sort: SORTS.includes(p.get('sort')) ? p.get('sort') : 'relevance',
    article: p.get('article') || '',
  };
}

function stateUrl(s) {
  const p = new URLSearchParams();
  if (s.q) p.set('q', s.q);
  if (s.page > 1) p.set('page', String(s.page));
  if (s.sort !== 'relevance') p.set('sort', s.sort);
  if (s.article) p.set('article', s.article);
  const query = p.toString();
  return query ? `?${query}` : location.pathname;
}

let state = readState();

// Shows another state as a new history entry (Back returns to this one).
function go(next, focus) {
  history.replaceState({ ...history.state, scroll: window.scrollY }, '');
  // An article opened from the results: its "Back to results" goes back.
  const fromResults = Boolean(next.article && !state.article && state.q);
  state = { ...state, ...next };
  history.pushState({ scroll: 0, fromResults }, '', stateUrl(state));
  render(focus).then(() => window.scrollTo(0, 0));
}

// A link to another state: an ordinary link (it opens in a new tab too),
// followed in place on a plain click.
function link(next, attrs, ...children) {
  const href = stateUrl({ ...state, ...next });
  return el('a', {
    ...attrs,
    href,
    on: {
      click: (e) => {
        if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
        e.preventDefault();
        go(next, attrs && attrs['data-focus']);
      },
    },
  }, ...children);
}

// ---- The query's filters: field:"value" words added and taken away ----

function filterWord(field, value) {
  const clean = String(value).replace(/"/g, '');
  return `${field}:"${clean}"`;
}

function hasWord(q, word) {
  return ` ${q} `.includes(` ${word} `);
}

function withoutWord(q, word) {
  return ` ${q} `.replace(` ${word} `, ' ').trim().replace(/\s+/g, ' ');
}

function toggleWord(q, word) {
  return hasWord(q, word) ? withoutWord(q, word) : `${q.trim()} ${word}`.trim();
}

const DATE_WORD = /(^|\s)date:\S+/g;

function withDate(q, period) {
  const rest = q.replace(DATE_WORD, ' ').trim().replace(/\s+/g, ' ');
  return period ? `${rest} date:${period}`.trim() : rest;
}

function dateFilter(q) {
  const m = q.match(/(?:^|\s)date:(\S+)/);
  return m ? m[1] : '';
}

// ---- Text with the API's match markers, as DOM nodes ----

// Appends text to parent, the parts between the markers in <mark>; `open`
// says whether a match is already open (a match may run across paragraphs).
// Returns whether one is still open at the end.
function appendMarked(parent, text, open = false) {
  let at = 0;
  while (at < text.length) {
    const marker = open ? HL_END : HL_START;
    let next = text.indexOf(marker, at);
    if (next < 0) next = text.length;
    if (next > at) {
      const part = document.createTextNode(text.slice(at, next));
      parent.append(open ? el('mark', {}, part) : part);
    }
    if (next < text.length) open = !open;
    at = next + marker.length;
  }
  return open;
}

// Marks the words of the query in plain text (an article the API sent
// without markers): a word, and its longer forms.
function markQueryWords(text, q) {
  const words = q
    .replace(/[a-z]+:("[^"]*"|\S+)/gi, ' ')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 1 && !['AND', 'OR', 'NOT', 'NEAR'].includes(w))
    .map((w) => w.toLowerCase().replace(/(es|s)$/, '').replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  if (words.length === 0) return text;
  const re = new RegExp(`(?<![\\p{L}\\p{N}])(${words.join('|')})[\\p{L}\\p{N}]*`, 'giu');
  return text.replace(re, (w) => HL_START + w + HL_END);
}

// ---- The API ----

class ApiError extends Error {
  constructor(status, body) {
    const detail = (body && typeof body.error === 'object' ? body.error : body) || {};
    const text = typeof detail.error === 'string' ? detail.error : detail.message;
    super(text || `the server answered ${status}`);
    this.status = status;
    this.column = detail.column;
    this.hint = detail.hint;
  }
}

// The bearer token of a server started with --token, asked of the reader
// once and kept for this tab only.
const TOKEN_KEY = 'newsdex-token';

async function api(path) {
  const headers = { Accept: 'application/json' };
  const token = sessionStorage.getItem(TOKEN_KEY);
  if (token) headers.Authorization = `Bearer ${token}`;
  let response;
  try {
    response = await fetch(path, { headers });
  } catch {
    throw new ApiError(0, { error: 'the server does not answer; is newsdex-serve running?' });
  }
  let body = null;
  try {
    body = await response.json();
  } catch {
    body = null;
  }
  if (!response.ok || body === null) throw new ApiError(response.status, body);
  return body;
}

function showError(error) {
  const box = $('error');
  const input = $('q');
  box.replaceChildren();
  box.hidden = !error;
  input.removeAttribute('aria-invalid');
  if (!error) return;
  input.setAttribute('aria-invalid', 'true');
  const column = Number(error.column) || 0;
  box.append(el('strong', {}, column ? `Column ${column}: ` : 'Error: '), error.message);
  if (error.hint) box.append(/[.!?]$/.test(error.message) ? ' ' : '. ', el('span', { class: 'hint' }, error.hint[0].toUpperCase() + error.hint.slice(1)));
  if (column > 0 && column <= state.q.length + 1) {
    const q = state.q;
    box.append(el('code', { class: 'where' },
      q.slice(0, column - 1), el('mark', {}, q.slice(column - 1, column) || ' '), q.slice(column)));
  }
}

// ---- Rendering ----

let ticket = 0; // the latest request wins

async function render(focus) {
  const mine = ++ticket;
  $('results').setAttribute('aria-busy', 'true');
  try {
    await show(mine, focus);
  } finally {
    if (mine === ticket) $('results').setAttribute('aria-busy', 'false');
  }
}

async function show(mine, focus) {
  $('q').value = state.q;
  $('sort').value = state.sort;
  document.title = state.q ? `${state.q} – newsdex` : 'newsdex';
  showError(null);
  const view = $('view');
  try {
    if (state.article) {
      const data = await api(`/api/article/${encodeURIComponent(state.article)}?q=${encodeURIComponent(state.q)}&${MARKERS}`);
      if (mine !== ticket) return;
      view.replaceChildren(articleView(data.articles[0]));
      $('status').textContent = '';
      if (focus !== 'none') $('article-title').focus();
      return;
    }
    if (!state.q.trim()) {
      $('status').textContent = '';
      view.replaceChildren(el('p', { class: 'intro' },
        'Search the archive: words, "a phrase", or fields such as ',
        el('code', {}, 'country:France'), ' and ', el('code', {}, 'date:1987-03'), '.'));
      return;
    }
    $('status').textContent = 'Searching…';
    const params = new URLSearchParams({
      q: state.q,
      limit: PAGE_SIZE,
      offset: (state.page - 1) * PAGE_SIZE,
      sort: state.sort,
      facets: [...FACETS, 'year', 'month'].join(','),
      facet_limit: FACET_LIMIT,
    });
    // Near-identical stories are folded into one hit by default (the
    // server says so with each hit's `similar`; docs/near-duplicates.md).
    const data = await api(`/api/search?${params}&${MARKERS}`);
    if (mine !== ticket) return;
    view.replaceChildren(resultsView(data));
    $('status').textContent = summary(data);
    if (focus === 'results') $('results').focus();
  } catch (error) {
    if (mine !== ticket) return;
    $('status').textContent = '';
    view.replaceChildren();
    if (error.status === 401) view.append(tokenForm(Boolean(sessionStorage.getItem(TOKEN_KEY))));
    else showError(error);
  }
}

function tokenForm(refused) {
  const input = el('input', { id: 'token', type: 'password', autocomplete: 'current-password', required: true });
  const form = el('form', {
    class: 'token',
    on: {
      submit: (e) => {
        e.preventDefault();
        sessionStorage.setItem(TOKEN_KEY, input.value.trim());
        render();
      },
    },
  },
  el('p', {}, refused ? 'The server did not accept this token.' : 'This archive asks for a token.'),
  el('label', { for: 'token' }, 'Token'), ' ', input, ' ', el('button', { type: 'submit' }, 'Use it'));
  queueMicrotask(() => input.focus());
  return form;
}

// The hits are a page of the folded list (`stories` long when copies are
// folded) while `total` counts every matching article: both are said when
// they differ ("1–10 of 400 stories (409 articles)").
function summary(data) {
  if (data.total === 0) return `No articles match ${data.query}.`;
  const first = data.offset + 1;
  const last = data.offset + data.hits.length;
  const about = (exact) => (exact ? '' : 'about ');
  const articles = `${about(data.total_exact)}${number.format(data.total)} ${data.total === 1 ? 'article' : 'articles'}`;
  const listed = listLength(data);
  const range = data.hits.length && listed > data.hits.length ? `${first}–${last} of ` : '';
  if (data.stories === undefined || data.stories === data.total) return `${range}${articles}`;
  const stories = `${about(data.stories_exact)}${number.format(data.stories)} ${data.stories === 1 ? 'story' : 'stories'}`;
  return `${range}${stories} (${articles})`;
}

// How long the list the pages walk is: the folded list when copies are folded.
function listLength(data) {
  return data.stories === undefined ? data.total : data.stories;
}

function resultsView(data) {
  const main = el('div', { class: 'main' });
  if (data.suggestion) {
    main.append(el('p', { class: 'suggestion' }, 'Did you mean ',
      link({ q: data.suggestion, page: 1 }, { id: 'suggestion' }, data.suggestion), '?'));
  }
  main.append(timeline(data.facets || {}));
  if (data.hits.length) {
    main.append(el('ol', { class: 'hits', start: data.offset + 1 }, ...data.hits.map(hitView)));
  } else if (data.total > 0) {
    main.append(el('p', {}, 'No hits on this page.'));
  }
  main.append(pager(data));
  return el('div', { class: 'layout' }, main, facetsView(data.facets || {}));
}

function hitView(hit) {
  const meta = el('p', { class: 'meta' });
  const parts = [];
  if (hit.date) parts.push(el('time', { datetime: hit.date }, hit.date));
  if (hit.source) parts.push(el('span', { class: 'source' }, hit.source));
  if (hit.url) parts.push(urlView(hit.url, hostOf(hit.url)));
  // `similar`: near-identical stories folded into this hit; `duplicates`
  // (exact copies, collapse=1) from a server without them.
  const similar = hit.similar !== undefined ? hit.similar : hit.duplicates;
  if (similar > 0) {
    parts.push(el('span', {
      class: 'similar',
      title: hit.similar !== undefined
        ? `${similar} other matching ${similar === 1 ? 'article tells' : 'articles tell'} the same story`
        : `${similar} other matching ${similar === 1 ? 'article has' : 'articles have'} the same text`,
    }, `+${similar} similar`));
  }
  parts.forEach((part, i) => meta.append(...(i ? [' · ', part] : [part])));
  const snippet = el('p', { class: 'snippet' });
  appendMarked(snippet, hit.snippet || '');
  return el('li', { class: 'hit', 'data-id': hit.id },
    el('h2', {}, link({ article: hit.id }, { class: 'title' }, hit.title || hit.id)),
    meta, snippet);
}

function webUrl(url) {
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u : null;
  } catch {
    return null;
  }
}

function hostOf(url) {
  const u = webUrl(url);
  return u ? u.hostname : url;
}

// An article's link: a link for http and https only (never javascript:),
// other addresses as text.
function urlView(url, text) {
  return webUrl(url)
    ? el('a', { href: url, rel: 'noopener noreferrer', class: 'url' }, text)
    : el('span', { class: 'address' }, url);
}

// The timeline: one bar per month (per year over a long span), empty
// periods included; a bar narrows the query to its period, and widens it
// again when pressed a second time.
function timeline(facets) {
  const months = Object.keys(facets.month || {}).sort();
  const years = Object.keys(facets.year || {}).sort();
  const byMonth = months.length > 0 && months.length < FACET_LIMIT && Number(years.at(-1)) - Number(years[0]) < 4;
  const counts = byMonth ? facets.month : facets.year || {};
  const keys = byMonth ? months : years;
  if (keys.length === 0) return el('div', { hidden: true });
  const periods = [];
  for (let p = keys[0]; p <= keys.at(-1); p = nextPeriod(p)) periods.push(p);
  const max = Math.max(...keys.map((k) => counts[k]));
  const active = dateFilter(state.q);
  const bars = periods.map((p) => {
    const count = counts[p] || 0;
    const label = `${periodName(p)}: ${number.format(count)} ${count === 1 ? 'article' : 'articles'}`;
    return el('li', {},
      el('button', {
        type: 'button',
        class: 'bar',
        'data-period': p,
        'aria-pressed': String(active === p),
        'aria-label': label,
        title: label,
        vars: { '--h': `${count ? Math.max(4, Math.round((100 * count) / max)) : 0}%` },
        on: { click: () => go({ q: withDate(state.q, active === p ? '' : p), page: 1 }) },
      }));
  });
  return el('section', { class: 'timeline', 'aria-labelledby': 'timeline-title', vars: { '--n': periods.length } },
    el('h2', { id: 'timeline-title', class: 'sr' }, 'Timeline'),
    el('ol', { class: 'bars' }, ...bars),
    el('p', { class: 'axis', 'aria-hidden': 'true' },
      el('span', {}, periodName(periods[0])), el('span', {}, periodName(periods.at(-1)))));
}

function nextPeriod(p) {
  if (p.length === 4) return String(Number(p) + 1);
  const [y, m] = p.split('-').map(Number);
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

function periodName(p) {
  if (p.length === 4) return p;
  const [y, m] = p.split('-');
  return `${MONTHS[Number(m) - 1]} ${y}`;
}

function facetsView(facets) {
  const groups = FACETS.filter((f) => facets[f] && Object.keys(facets[f]).length).map((field) => {
    const items = Object.entries(facets[field]).slice(0, FACET_SHOWN).map(([value, count]) => {
      const word = filterWord(field, value);
      const on = hasWord(state.q, word);
      return el('li', {},
        el('button', {
          type: 'button',
          class: 'facet',
          'data-field': field,
          'data-value': value,
          'aria-pressed': String(on),
          on: { click: () => go({ q: toggleWord(state.q, word), page: 1 }) },
        }, el('span', { class: 'name' }, value), el('span', { class: 'count' }, number.format(count))));
    });
    return el('section', { class: 'facet-group' },
      el('h2', {}, FACET_NAMES[field]), el('ul', {}, ...items));
  });
  return el('aside', { class: 'facets', 'aria-label': 'Narrow the results' }, ...groups);
}

function pager(data) {
  const pages = Math.ceil(listLength(data) / PAGE_SIZE);
  if (pages <= 1) return el('nav', { hidden: true });
  const page = state.page;
  return el('nav', { class: 'pager', 'aria-label': 'Pages' },
    page > 1 ? link({ page: page - 1 }, { rel: 'prev', 'data-focus': 'results' }, '← Previous') : null,
    el('span', { 'aria-current': 'page' }, `Page ${page} of ${(data.stories === undefined ? data.total_exact : data.stories_exact) ? '' : 'about '}${number.format(pages)}`),
    page < pages ? link({ page: page + 1 }, { rel: 'next', 'data-focus': 'results' }, 'Next →') : null);
}

function articleView(article) {
  const meta = el('p', { class: 'meta' });
  const parts = [];
  if (article.date) parts.push(el('time', { datetime: article.date }, article.date));
  if (article.source) parts.push(el('span', { class: 'source' }, article.source));
  if (article.url) parts.push(urlView(article.url, article.url));
  parts.forEach((part, i) => meta.append(...(i ? [' · ', part] : [part])));

  const entities = el('dl', { class: 'entities' });
  for (const field of FACETS) {
    const names = (article.entities || {})[field];
    if (!names || !names.length) continue;
    entities.append(el('dt', {}, FACET_NAMES[field]), el('dd', {}, names.join(', ')));
  }

  let text = article.text || '';
  if (state.q && !text.includes(HL_START)) text = markQueryWords(text, state.q);
  const body = el('div', { class: 'text' });
  let open = false;
  for (const paragraph of paragraphs(text)) {
    const flowing = paragraph.trim().replace(/\s*\n\s*/g, ' ');
    if (!flowing) continue;
    const p = el('p');
    open = appendMarked(p, flowing, open);
    body.append(p);
  }
  const back = el('a', {
    class: 'back',
    href: stateUrl({ ...state, article: '' }),
    on: {
      click: (e) => {
        if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
        e.preventDefault();
        if (history.state && history.state.fromResults) history.back();
        else go({ article: '' }, 'none');
      },
    },
  }, state.q ? '← Back to results' : '← New search');
  return el('article', { class: 'article' },
    back,
    el('h2', { id: 'article-title', tabindex: '-1' }, article.title || article.id),
    meta, entities.children.length ? entities : null, body);
}

// An article's paragraphs, each on one line. Wire copy starts a paragraph
// on an indented line and wraps the others; text with blank lines between
// paragraphs may wrap its lines too; other text has a paragraph a line.
function paragraphs(text) {
  let breaks = /\n+/;
  if (/\n[ \t]+\S/.test(text)) breaks = /\n\s*\n|\n(?=[ \t])/;
  else if (/\n\s*\n/.test(text)) breaks = /\n\s*\n/;
  return text.split(breaks);
}

// ---- Wiring ----

$('search').addEventListener('submit', (e) => {
  e.preventDefault();
  go({ q: $('q').value.trim(), page: 1, article: '' }, 'none');
});

$('sort').addEventListener('change', () => {
  if (state.q) go({ sort: $('sort').value, page: 1, article: '' }, 'none');
  else state.sort = $('sort').value;
});

$('home').addEventListener('click', (e) => {
  e.preventDefault();
  go({ q: '', page: 1, article: '' });
  $('q').focus();
});

// '/' goes to the search box from anywhere but a field being typed in.
document.addEventListener('keydown', (e) => {
  if (e.key !== '/' || e.ctrlKey || e.metaKey || e.altKey) return;
  const t = e.target;
  if (t instanceof HTMLInputElement || t instanceof HTMLTextAreaElement || t instanceof HTMLSelectElement) return;
  e.preventDefault();
  $('q').focus();
  $('q').select();
});

history.scrollRestoration = 'manual';
window.addEventListener('popstate', (e) => {
  state = readState();
  const scroll = (e.state && e.state.scroll) || 0;
  render('none').then(() => window.scrollTo(0, scroll));
});

render(state.q ? 'none' : undefined);
if (!state.q) $('q').focus();
