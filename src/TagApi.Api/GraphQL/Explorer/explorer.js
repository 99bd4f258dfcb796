// Mounts GraphiQL on /graphql. The token lives in GraphiQL's header editor (persisted by
// GraphiQL in localStorage), so the page works with any bearer token; the sign-in bar only
// fetches one with client credentials and writes it into that editor.
(function () {
  'use strict';
  var root = ReactDOM.createRoot(document.getElementById('graphiql'));
  var starter = [
    '# Paste a bearer token in the Headers tab below (or use the sign-in bar above), then run.',
    'query Tags {',
    '  tags(first: 10) {',
    '    edges { node { id key name category { key } customerCount } }',
    '    pageInfo { hasNextPage endCursor }',
    '  }',
    '}',
    ''
  ].join('\n');

  // GraphQL-over-HTTP: JSON in, the graphql-response media type preferred out. Error statuses
  // (400, 401, 403, 429) still carry a JSON body worth showing, so the body is returned as is.
  function fetcher(params, options) {
    var headers = Object.assign({}, (options && options.headers) || {}, {
      'Content-Type': 'application/json',
      'Accept': 'application/graphql-response+json, application/json;q=0.9'
    });
    return fetch('/graphql', { method: 'POST', headers: headers, body: JSON.stringify(params) })
      .then(function (response) {
        return response.text().then(function (text) {
          try { return JSON.parse(text); }
          catch (e) { return { errors: [{ message: 'HTTP ' + response.status + ': ' + (text || response.statusText) }] }; }
        });
      });
  }

  // GraphiQL opens a new tab when it is mounted with a headers prop no stored tab has, so a new
  // token is written into the stored state of the active tab instead, and GraphiQL remounted to read it.
  function storeHeaders(text) {
    try {
      var state = JSON.parse(localStorage.getItem('graphiql:tabState') || 'null');
      if (state && state.tabs && state.tabs.length) {
        state.tabs[Math.min(state.activeTabIndex || 0, state.tabs.length - 1)].headers = text;
        localStorage.setItem('graphiql:tabState', JSON.stringify(state));
      }
    } catch (e) { /* unreadable stored state: GraphiQL starts afresh with the headers below */ }
    localStorage.setItem('graphiql:headers', text);
  }

  var generation = 0;
  function render() {
    generation += 1;
    root.render(React.createElement(GraphiQL, {
      key: generation,
      fetcher: fetcher,
      defaultQuery: starter,
      defaultHeaders: '{\n  "Authorization": "Bearer "\n}',
      shouldPersistHeaders: true,
      isHeadersEditorEnabled: true,
      defaultEditorToolsVisibility: 'headers'
    }));
  }

  var status = document.getElementById('signInStatus');
  document.getElementById('signIn').addEventListener('click', function () {
    var body = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: document.getElementById('clientId').value.trim(),
      client_secret: document.getElementById('clientSecret').value.trim()
    });
    status.textContent = 'signing in…';
    fetch('/connect/token', { method: 'POST', body: body })
      .then(function (response) { return response.json(); })
      .then(function (json) {
        if (!json.access_token) { status.textContent = json.error_description || json.error || 'sign-in failed'; return; }
        status.textContent = 'token set in the Headers tab';
        // Remounting makes GraphiQL read the stored headers and refetch the schema with them.
        storeHeaders(JSON.stringify({ Authorization: 'Bearer ' + json.access_token }, null, 2));
        render();
      })
      .catch(function (e) { status.textContent = 'sign-in failed: ' + e.message; });
  });

  render();
})();
