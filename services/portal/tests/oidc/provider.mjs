// A real OpenID provider for the portal's tests: panva's oidc-provider (OpenID Certified), as
// DigiD behind an OpenID Connect broker would behave, on 127.0.0.1 only.
//
// Started by the pytest fixture `oidc_provider` (services/portal/tests/oidc/provider.py) with
// its configuration in the environment; it prints one line `ready <port>` when it answers.
//
//   OIDC_PORT           the port to listen on (127.0.0.1)
//   OIDC_CLIENT_ID      the one registered client (the portal)
//   OIDC_CLIENT_SECRET  its secret (client_secret_basic)
//   OIDC_REDIRECT_URI   the portal's callback (/inloggen/digid/terug)
//   OIDC_ID_TOKEN_CLAIMS  optional, comma-separated: claims of the account that its ID tokens
//                       carry besides `sub` (eHerkenning's KvK numbers, as a broker maps them)
//
// There is no login form: the login and consent interactions complete at once for the account
// the test chose (`POST /_test/next-login`, JSON {"sub": "<test BSN>"}), as if the teacher had
// signed in with DigiD; with "claims": {...} the account's claims named in OIDC_ID_TOKEN_CLAIMS
// (the organisation an eHerkenning user acts for). The same endpoint can make the next ID
// token misbehave, the way an
// attacker or a broken provider would, with every other part of the flow left real:
//   "id_token_claims": {...}   claims overwritten in the next ID token, re-signed with the
//                              provider's own key (an expired one, a wrong nonce or audience)
//   "foreign_key": true        the next ID token signed by a key the provider does not publish
import { createServer } from 'node:http';

import * as jose from 'jose';
import Provider from 'oidc-provider';

const port = Number(process.env.OIDC_PORT);
const clientId = process.env.OIDC_CLIENT_ID;
const clientSecret = process.env.OIDC_CLIENT_SECRET;
const redirectUri = process.env.OIDC_REDIRECT_URI;
if (!port || !clientId || !clientSecret || !redirectUri) {
  console.error('OIDC_PORT, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET and OIDC_REDIRECT_URI are required');
  process.exit(2);
}
const issuer = `http://127.0.0.1:${port}`;

// A fresh signing key per run (RS256, what OpenID Connect requires every provider to offer).
const KID = 'test-op-1';
const { privateKey } = await jose.generateKeyPair('RS256', { extractable: true });
const signingJwk = { ...(await jose.exportJWK(privateKey)), kid: KID, alg: 'RS256', use: 'sig' };

let nextLogin = { sub: null, id_token_claims: null, foreign_key: false };
const idTokenClaims = (process.env.OIDC_ID_TOKEN_CLAIMS || '').split(',').filter(Boolean);
const accountClaims = new Map(); // sub -> the claims its ID tokens carry

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: clientId,
      client_secret: clientSecret,
      redirect_uris: [redirectUri],
      response_types: ['code'],
      grant_types: ['authorization_code'],
      token_endpoint_auth_method: 'client_secret_basic',
    },
  ],
  jwks: { keys: [signingJwk] },
  // PKCE for every client, confidential ones too: the portal must send it.
  pkce: { required: () => true },
  features: { devInteractions: { enabled: false } },
  cookies: { keys: ['portal-tests-only-cookie-key'] },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  async findAccount(ctx, sub) {
    return { accountId: sub, async claims() { return { ...(accountClaims.get(sub) || {}), sub }; } };
  },
  // Claims of the `openid` scope, in the ID token itself (not only at userinfo), as an
  // eHerkenning broker hands the organisation over.
  claims: { openid: ['sub', ...idTokenClaims] },
  conformIdTokenClaims: idTokenClaims.length === 0,
  ttl: { IdToken: 300, AccessToken: 300, AuthorizationCode: 60, Session: 600, Interaction: 600, Grant: 600 },
});
provider.on('server_error', (ctx, error) => console.error('server_error', error));

async function completeInteraction(req, res) {
  const details = await provider.interactionDetails(req, res);
  const { prompt, params, session } = details;
  if (prompt.name === 'login') {
    if (!nextLogin.sub) {
      res.statusCode = 409;
      res.end('no test account chosen (POST /_test/next-login first)');
      return;
    }
    await provider.interactionFinished(
      req, res, { login: { accountId: nextLogin.sub } }, { mergeWithLastSubmission: false },
    );
    return;
  }
  const grant = details.grantId
    ? await provider.Grant.find(details.grantId)
    : new provider.Grant({ accountId: session.accountId, clientId: params.client_id });
  if (prompt.details.missingOIDCScope) grant.addOIDCScope(prompt.details.missingOIDCScope.join(' '));
  if (prompt.details.missingOIDCClaims) grant.addOIDCClaims(prompt.details.missingOIDCClaims);
  const grantId = await grant.save();
  await provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
}

// Rewrites the token endpoint's ID token when the test asked for a misbehaving one.
provider.use(async (ctx, next) => {
  await next();
  if (ctx.path !== '/token' || ctx.status !== 200 || !ctx.body?.id_token) return;
  const { id_token_claims: claims, foreign_key: foreign } = nextLogin;
  if (!claims && !foreign) return;
  nextLogin = { ...nextLogin, id_token_claims: null, foreign_key: false };
  const payload = { ...jose.decodeJwt(ctx.body.id_token), ...(claims || {}) };
  const key = foreign ? (await jose.generateKeyPair('RS256')).privateKey : privateKey;
  ctx.body = {
    ...ctx.body,
    id_token: await new jose.SignJWT(payload).setProtectedHeader({ alg: 'RS256', kid: KID }).sign(key),
  };
});

function readJson(req) {
  return new Promise((resolve, reject) => {
    let body = '';
    req.on('data', (chunk) => { body += chunk; });
    req.on('end', () => { try { resolve(JSON.parse(body || '{}')); } catch (error) { reject(error); } });
    req.on('error', reject);
  });
}

const callback = provider.callback();
const server = createServer(async (req, res) => {
  try {
    if (req.method === 'POST' && req.url === '/_test/next-login') {
      const body = await readJson(req);
      if (body.sub && body.claims) accountClaims.set(body.sub, body.claims);
      nextLogin = {
        sub: body.sub ?? nextLogin.sub,
        id_token_claims: body.id_token_claims ?? null,
        foreign_key: Boolean(body.foreign_key),
      };
      res.statusCode = 204;
      res.end();
      return;
    }
    if (req.method === 'GET' && req.url.startsWith('/interaction/')) {
      await completeInteraction(req, res);
      return;
    }
    callback(req, res);
  } catch (error) {
    console.error('test provider error', error);
    res.statusCode = 500;
    res.end();
  }
});
server.listen(port, '127.0.0.1', () => console.log(`ready ${port}`));
for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => server.close(() => process.exit(0)));
