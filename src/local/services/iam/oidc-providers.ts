// IAM OpenID Connect identity providers: create (URL, client ids, thumbprints, tags), get, list, delete
// (idempotent, as AWS documents), thumbprint and client-id updates, tags. State in
// `<dataDir>/iam/oidc-providers.json`. The ARN and GetOpenIDConnectProvider's Url are the URL without its
// scheme and query. Limits as AWS: thumbprints 40 characters, at most 5; client ids 1–255 characters, at
// most 100 (LimitExceeded). The provider's keys are never fetched (no OpenIdIdpCommunicationError).
import { memberList, type QueryParams } from '../../protocol/query.js';
import { xml } from '../../protocol/xml.js';
import { problems, validationMessage, type Rules } from '../../kit/validate.js';
import { AwsError } from '../../types.js';
import { iamState, iamTime, required, type IamModule } from './common.js';
import { requestTags, type Tag, taggingActions, taggingNoResult, tagsXml } from './tags.js';

interface OidcProvider {
  Arn: string;
  Url: string;
  ClientIDList: string[];
  ThumbprintList: string[];
  CreateDate: number;
  Tags: Tag[];
}

const RULES: Rules = {
  Url: { type: 'string', min: 1, max: 255 },
  ClientIDList: { type: 'list', memberLength: { min: 1, max: 255 } },
  ThumbprintList: { type: 'list', memberLength: { min: 40, max: 40 } },
};

function check(input: Record<string, unknown>): void {
  const found = problems(input, RULES);
  if (found.length) throw new AwsError('ValidationError', validationMessage(found), 400);
}

function checkThumbprints(list: string[]): string[] {
  if (list.length > 5) throw new AwsError('InvalidInput', 'Thumbprint list must contain fewer than 5 entries.', 400);
  return list;
}

function checkClientIds(list: string[]): string[] {
  if (list.length > 100) throw new AwsError('LimitExceeded', 'Cannot exceed quota for ClientIdsPerOpenIdConnectProvider: 100', 409);
  return list;
}

/** `https://host/path?query` → `host/path`; only https URLs with a host are providers (AWS: "The URL must begin
 * with https://"). */
function providerId(url: string): string {
  const m = /^https:\/\/([^/?#]+)([^?#]*)/i.exec(url);
  if (!m) throw new AwsError('InvalidInput', 'Invalid Open ID Connect Provider URL', 400);
  return `${m[1]}${m[2]!.replace(/\/$/, '')}`;
}

export function oidcProviderActions(dataDir: string, accountId: string, now: () => number): IamModule & { byIssuer(issuer: string): OidcProvider | undefined } {
  const { state, save } = iamState<{ providers: Record<string, OidcProvider> }>(dataDir, 'oidc-providers', { providers: {} });
  function get(p: QueryParams): OidcProvider {
    const arn = required(p, 'OpenIDConnectProviderArn');
    const provider = state.providers[arn];
    if (!provider) throw new AwsError('NoSuchEntity', `OpenIDConnect Provider not found for arn ${arn}`, 404);
    return provider;
  }
  return {
    actions: {
      CreateOpenIDConnectProvider(p) {
        const url = required(p, 'Url');
        const clientIds = memberList(p, 'ClientIDList');
        const thumbprints = memberList(p, 'ThumbprintList');
        check({ Url: url, ClientIDList: clientIds, ThumbprintList: thumbprints });
        checkThumbprints(thumbprints);
        checkClientIds(clientIds);
        const id = providerId(url);
        const tags = requestTags(p);
        const arn = `arn:aws:iam::${accountId}:oidc-provider/${id}`;
        if (state.providers[arn]) throw new AwsError('EntityAlreadyExists', `Provider with url ${url} already exists.`, 409);
        state.providers[arn] = { Arn: arn, Url: id, ClientIDList: [...new Set(clientIds)], ThumbprintList: thumbprints, CreateDate: now(), Tags: tags };
        save();
        return xml({ OpenIDConnectProviderArn: arn, Tags: tagsXml(tags) });
      },
      GetOpenIDConnectProvider(p) {
        const provider = get(p);
        return xml({
          Url: provider.Url,
          ClientIDList: { member: provider.ClientIDList },
          ThumbprintList: { member: provider.ThumbprintList },
          CreateDate: iamTime(provider.CreateDate),
          Tags: tagsXml(provider.Tags),
        });
      },
      ListOpenIDConnectProviders: () =>
        xml({ OpenIDConnectProviderList: { member: Object.keys(state.providers).sort().map((Arn) => ({ Arn })) } }),
      DeleteOpenIDConnectProvider(p) {
        delete state.providers[required(p, 'OpenIDConnectProviderArn')];
        save();
        return '';
      },
      UpdateOpenIDConnectProviderThumbprint(p) {
        const provider = get(p);
        const thumbprints = memberList(p, 'ThumbprintList');
        check({ ThumbprintList: thumbprints });
        provider.ThumbprintList = checkThumbprints(thumbprints);
        save();
        return '';
      },
      AddClientIDToOpenIDConnectProvider(p) {
        const provider = get(p);
        const clientId = required(p, 'ClientID');
        check({ ClientIDList: [clientId] });
        if (!provider.ClientIDList.includes(clientId)) provider.ClientIDList = checkClientIds([...provider.ClientIDList, clientId]);
        save();
        return '';
      },
      RemoveClientIDFromOpenIDConnectProvider(p) {
        const provider = get(p);
        const clientId = required(p, 'ClientID');
        provider.ClientIDList = provider.ClientIDList.filter((c) => c !== clientId);
        save();
        return '';
      },
      ...taggingActions('OpenIDConnectProvider', get, save),
    },
    summary: () => ({ Providers: Object.keys(state.providers).length }),
    /** The provider of a token's `iss`; an issuer that is no https URL has none. */
    byIssuer(issuer) {
      const m = /^https:\/\/([^/?#]+)([^?#]*)$/i.exec(issuer);
      return m ? state.providers[`arn:aws:iam::${accountId}:oidc-provider/${m[1]}${m[2]!.replace(/\/$/, '')}`] : undefined;
    },
    noResult: [
      'DeleteOpenIDConnectProvider', 'UpdateOpenIDConnectProviderThumbprint', 'AddClientIDToOpenIDConnectProvider',
      'RemoveClientIDFromOpenIDConnectProvider', ...taggingNoResult('OpenIDConnectProvider'),
    ],
  };
}
