// Every call the console makes to the engine, in one place: to take a figure from another route,
// change it here and nowhere else. Each function resolves to {status, body} (body: parsed JSON, or null).
'use strict';
window.ConsoleData = (function () {
  const TOKEN_KEY = 'presence.console.token';
  const PATHS = {
    // {"online":N,"offline":N,"unlogined":N,...}, summed over the cluster.
    occupancy: '/console/api/occupancy',
    // {"perSecond":{...},"latestChanges":[...],"latestRejections":[...]}.
    activity: '/console/api/activity',
    user: id => '/console/api/users/' + encodeURIComponent(id),
    settings: '/v1/admin/settings',
    setting: name => '/v1/admin/settings/' + encodeURIComponent(name)
  };

  function token() {
    return sessionStorage.getItem(TOKEN_KEY);
  }

  async function call(method, path, body) {
    const headers = {};
    const current = token();
    if (current) {
      headers.Authorization = 'Bearer ' + current;
    }
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
    }
    const response = await fetch(path, {
      method: method,
      headers: headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: 'no-store',
      credentials: 'omit'
    });
    let parsed = null;
    try {
      parsed = await response.json();
    } catch (e) {
      parsed = null;
    }
    return {status: response.status, body: parsed};
  }

  return {
    hasToken: () => token() !== null,
    setToken: value => sessionStorage.setItem(TOKEN_KEY, value),
    forgetToken: () => sessionStorage.removeItem(TOKEN_KEY),
    occupancy: () => call('GET', PATHS.occupancy),
    activity: () => call('GET', PATHS.activity),
    user: id => call('GET', PATHS.user(id)),
    settings: () => call('GET', PATHS.settings),
    changeSetting: (name, value) => call('PUT', PATHS.setting(name), {value: String(value)}),
    resetSetting: name => call('DELETE', PATHS.setting(name))
  };
})();
