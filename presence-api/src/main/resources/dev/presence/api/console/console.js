// The console's page: renders what ConsoleData fetches. Every value from the engine reaches the
// page through textContent or an attribute, never as markup, so a custom status such as
// "<script>" shows as those characters.
'use strict';
(function () {
  const data = window.ConsoleData;
  const REFRESH_MS = 1000;
  const SETTINGS_REFRESH_MS = 5000;
  const SVG = 'http://www.w3.org/2000/svg';
  let settingsLoadedAt = 0;
  let lookedUp = null;
  const rendered = {};

  // Re-renders a part only when its data changed, so a row a person is looking at (or typing in) stays put.
  function renderIfChanged(part, value, render) {
    const text = JSON.stringify(value);
    if (rendered[part] !== text) {
      rendered[part] = text;
      render(value);
    }
  }

  function el(id) {
    return document.getElementById(id);
  }

  function cell(row, text, className) {
    const td = document.createElement('td');
    td.textContent = text === null || text === undefined ? '' : String(text);
    if (className) {
      td.className = className;
    }
    td.title = td.textContent;
    row.appendChild(td);
    return td;
  }

  function time(ms) {
    return ms ? new Date(ms).toLocaleTimeString() : '';
  }

  function dateTime(ms) {
    return ms ? new Date(ms).toLocaleString() : 'never';
  }

  function statusClass(status) {
    return /^[A-Z_]+$/.test(status) ? 'status-' + status : '';
  }

  // A 401 asks for a token; a 403 says the token is not the admin's. Anything else is the answer.
  function authorized(answer) {
    if (answer.status === 401 || answer.status === 403) {
      el('token-form').hidden = false;
      const message = el('auth-message');
      message.hidden = false;
      message.textContent = answer.status === 401
        ? 'This engine needs the admin token: enter it above.'
        : 'This token is not the admin\'s: ' + ((answer.body && answer.body.message) || '');
      return false;
    }
    el('auth-message').hidden = true;
    el('token-form').hidden = true;
    el('forget-token').hidden = !data.hasToken();
    return true;
  }

  function renderOccupancy(occupancy) {
    el('occ-online').textContent = occupancy.online;
    el('occ-offline').textContent = occupancy.offline;
    el('occ-unlogined').textContent = occupancy.unlogined;
    // Summed by the engine over every instance; an instance that does not answer makes the call a 503.
    el('occ-instances').textContent = 'whole cluster';
  }

  function renderChart(name, series) {
    const svg = el('chart-' + name);
    const max = Math.max(1, ...series);
    const step = 240 / Math.max(1, series.length - 1);
    const points = series.map((value, i) => (i * step).toFixed(1) + ',' + (38 - (value / max) * 36).toFixed(1));
    let line = svg.querySelector('polyline');
    if (!line) {
      line = document.createElementNS(SVG, 'polyline');
      svg.appendChild(line);
    }
    line.setAttribute('points', points.join(' '));
    el('rate-' + name).textContent = series.length ? series[series.length - 1] : 0;
  }

  function renderChanges(changes) {
    const body = el('changes');
    body.replaceChildren();
    for (const change of changes) {
      const row = document.createElement('tr');
      row.dataset.user = change.userId;
      cell(row, time(change.changedAt));
      cell(row, change.userId, 'user');
      cell(row, change.oldStatus + ' → ' + change.newStatus, 'status ' + statusClass(change.newStatus));
      cell(row, change.newCustomStatus, 'custom');
      cell(row, change.reason);
      body.appendChild(row);
    }
  }

  function renderRejections(rejections) {
    const body = el('rejections');
    body.replaceChildren();
    for (const rejection of rejections) {
      const row = document.createElement('tr');
      cell(row, time(rejection.rejectedAt));
      cell(row, rejection.code, 'code');
      cell(row, rejection.reason, 'reason');
      cell(row, rejection.key);
      cell(row, rejection.sourceTopic + '-' + rejection.sourcePartition + '@' + rejection.sourceOffset);
      body.appendChild(row);
    }
  }

  function renderSettings(answer) {
    const body = el('switches');
    body.replaceChildren();
    const inForce = answer.settings || {};
    const startup = answer.startup || {};
    const overrides = answer.overrides || {};
    for (const name of Object.keys(inForce).sort()) {
      const row = document.createElement('tr');
      row.dataset.setting = name;
      cell(row, name + (name in overrides ? ' (changed)' : ''));
      const valueCell = document.createElement('td');
      const value = inForce[name];
      if (value === 'true' || value === 'false') {
        const toggle = document.createElement('input');
        toggle.type = 'checkbox';
        toggle.className = 'toggle';
        toggle.dataset.setting = name;
        toggle.checked = value === 'true';
        toggle.addEventListener('change', () => change(name, toggle.checked ? 'true' : 'false'));
        valueCell.appendChild(toggle);
        const label = document.createElement('span');
        label.className = 'switch-value';
        label.textContent = ' ' + value;
        valueCell.appendChild(label);
      } else {
        const input = document.createElement('input');
        input.type = 'text';
        input.size = 8;
        input.value = value;
        input.dataset.setting = name;
        input.addEventListener('change', () => change(name, input.value));
        valueCell.appendChild(input);
      }
      row.appendChild(valueCell);
      cell(row, startup[name], 'switch-value');
      const actions = document.createElement('td');
      if (name in overrides) {
        const reset = document.createElement('button');
        reset.type = 'button';
        reset.textContent = 'reset';
        reset.dataset.reset = name;
        reset.addEventListener('click', () => reset_(name));
        actions.appendChild(reset);
      }
      row.appendChild(actions);
      body.appendChild(row);
    }
  }

  async function settingAnswered(answer) {
    const message = el('switch-error');
    if (!authorized(answer)) {
      return;
    }
    if (answer.status !== 202) {
      message.hidden = false;
      message.textContent = 'Refused: ' + ((answer.body && answer.body.message) || answer.status);
    } else {
      message.hidden = true;
    }
    // The change travels through presence.config: show it once this instance follows it (within moments).
    settingsLoadedAt = 0;
    setTimeout(loadSettings, 300);
    setTimeout(loadSettings, 2000);
  }

  async function change(name, value) {
    settingAnswered(await data.changeSetting(name, value));
  }

  async function reset_(name) {
    settingAnswered(await data.resetSetting(name));
  }

  async function loadSettings() {
    const answer = await data.settings();
    if (authorized(answer) && answer.status === 200) {
      // Not while someone edits a value: the table would be rebuilt under their cursor.
      if (!el('switches').contains(document.activeElement) || document.activeElement.type === 'checkbox') {
        renderIfChanged('settings', answer.body, renderSettings);
      }
      settingsLoadedAt = Date.now();
    }
  }

  function listItems(id, items, text) {
    const list = el(id);
    list.replaceChildren();
    if (!items.length) {
      const none = document.createElement('li');
      none.className = 'muted';
      none.textContent = 'none';
      list.appendChild(none);
    }
    for (const item of items) {
      const li = document.createElement('li');
      li.textContent = text(item);
      list.appendChild(li);
    }
  }

  async function lookup(userId) {
    const answer = await data.user(userId);
    const error = el('lookup-error');
    if (!authorized(answer)) {
      return;
    }
    if (answer.status !== 200) {
      el('lookup-result').hidden = true;
      error.hidden = false;
      error.textContent = (answer.body && answer.body.message) || ('the engine answered ' + answer.status);
      return;
    }
    error.hidden = true;
    renderIfChanged('lookup', answer.body, renderLookup);
  }

  function renderLookup(user) {
    const status = user.status;
    el('lookup-user').textContent = status.userId;
    el('lookup-status').textContent = status.status;
    el('lookup-status').className = statusClass(status.status);
    el('lookup-custom').textContent = status.customStatus === null ? '(none)' : status.customStatus;
    el('lookup-changed').textContent = dateTime(status.statusChangedAt);
    el('lookup-seen').textContent = dateTime(status.lastSeenAt);
    el('lookup-version').textContent = status.version;
    const clients = el('lookup-clients');
    clients.replaceChildren();
    for (const client of status.clients || []) {
      const row = document.createElement('tr');
      row.dataset.client = client.clientId;
      cell(row, client.clientId, 'client');
      cell(row, client.platform, 'platform');
      cell(row, client.state, 'state');
      clients.appendChild(row);
    }
    listItems('lookup-subscriptions', user.subscriptions, s => s.userId + ' (since ' + dateTime(s.subscribedAt) + ')');
    const watchers = user.watchers.watchers.map(w => w.userId + ' ('
      + [w.subscriber ? 'subscriber' : null, w.friend ? 'friend' : null].filter(x => x).join(', ') + ')');
    if (user.watchers.more) {
      watchers.push('… and more');
    }
    listItems('lookup-watchers', watchers, w => w);
    el('lookup-result').hidden = false;
  }

  async function refresh() {
    try {
      const [occupancy, activity] = await Promise.all([data.occupancy(), data.activity()]);
      if (authorized(occupancy) && occupancy.status === 200) {
        renderOccupancy(occupancy.body);
      }
      if (authorized(activity) && activity.status === 200) {
        const perSecond = activity.body.perSecond;
        renderChart('events', perSecond.events);
        renderChart('notifications', perSecond.notifications);
        renderChart('rejections', perSecond.rejections);
        renderIfChanged('changes', activity.body.latestChanges, renderChanges);
        renderIfChanged('rejections', activity.body.latestRejections, renderRejections);
      }
      el('connection').textContent = occupancy.status === 200 ? 'live · ' + new Date().toLocaleTimeString()
        : 'engine answered ' + occupancy.status;
      if (Date.now() - settingsLoadedAt > SETTINGS_REFRESH_MS) {
        await loadSettings();
      }
      if (lookedUp !== null && occupancy.status === 200) {
        await lookup(lookedUp);
      }
    } catch (e) {
      el('connection').textContent = 'engine not reachable (' + e.message + ')';
    } finally {
      setTimeout(refresh, REFRESH_MS);
    }
  }

  el('token-form').addEventListener('submit', event => {
    event.preventDefault();
    const value = el('token-input').value.trim();
    if (value) {
      data.setToken(value);
      el('token-input').value = '';
      el('token-form').hidden = true;
      settingsLoadedAt = 0;
    }
  });
  el('forget-token').addEventListener('click', () => {
    data.forgetToken();
    el('forget-token').hidden = true;
  });
  el('lookup-form').addEventListener('submit', event => {
    event.preventDefault();
    lookedUp = el('lookup-id').value.trim();
    if (lookedUp) {
      lookup(lookedUp);
    }
  });
  refresh();
})();
