// Runs graphql-http's GraphQL-over-HTTP server audits against a running TagApi: an independent
// client checking the endpoint as the specification's reference implementation reads it.
// Usage: node audit.mjs <baseUrl> <clientId> <clientSecret>
// Every request carries a bearer token (TagApi has no anonymous GraphQL). Exits non-zero when a
// MUST audit fails; SHOULD/MAY warnings are listed with the reason.
import { auditServer } from 'graphql-http';

const [baseUrl, clientId, clientSecret] = process.argv.slice(2);
const token = await fetch(`${baseUrl}/connect/token`, {
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret }),
}).then(r => r.json()).then(j => j.access_token);

const authorised = (input, init = {}) => {
  const headers = new Headers(init.headers);
  headers.set('authorization', `Bearer ${token}`);
  return fetch(input, { ...init, headers });
};

const results = await auditServer({ url: `${baseUrl}/graphql`, fetchFn: authorised });
let failedMust = 0;
for (const result of results) {
  const reason = result.status === 'ok' ? '' : ` — ${result.reason}`;
  console.log(`${result.status.padEnd(5)} ${result.id} ${result.name}${reason}`);
  if (result.status === 'error') failedMust++;
}

const count = status => results.filter(r => r.status === status).length;
console.log(`\n${results.length} audits: ${count('ok')} ok, ${count('warn')} warnings, ${count('error')} errors`);
process.exit(failedMust === 0 ? 0 : 1);
