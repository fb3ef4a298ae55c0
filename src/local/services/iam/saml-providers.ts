// IAM SAML identity providers: create (metadata document stored as sent), get, update the metadata, list,
// delete, tags. State in `<dataDir>/iam/saml-providers.json`. The metadata must be at least 1,000
// characters (model) and a SAML metadata XML document (an EntityDescriptor), else InvalidInput as AWS
// answers; its signing certificates are not checked. ValidUntil is the document's `validUntil`, else
// 100 years after creation, as AWS sets it.
import type { QueryParams } from '../../protocol/query.js';
import { xml } from '../../protocol/xml.js';
import { AwsError } from '../../types.js';
import { iamState, iamTime, required, validationError, type IamModule } from './common.js';
import { requestTags, type Tag, taggingActions, taggingNoResult, tagsXml } from './tags.js';

interface SamlProvider {
  Arn: string;
  metadata: string;
  CreateDate: number;
  ValidUntil: number;
  Tags: Tag[];
}

const HUNDRED_YEARS_MS = 100 * 365.25 * 24 * 3600 * 1000;

function checkMetadata(doc: string): string {
  if (doc.length < 1000) throw validationError('sAMLMetadataDocument', doc, 'Member must have length greater than or equal to 1000');
  if (!/^\s*(<\?xml[^>]*\?>\s*)?(<!--[\s\S]*?-->\s*)*<([\w-]+:)?EntityDescriptor[\s>]/.test(doc)) {
    throw new AwsError('InvalidInput', 'Could not parse metadata', 400);
  }
  return doc;
}

function validUntil(doc: string, created: number): number {
  const m = /<(?:[\w-]+:)?EntityDescriptor[^>]*\svalidUntil="([^"]+)"/.exec(doc);
  const t = m ? Date.parse(m[1]!) : NaN;
  return Number.isNaN(t) ? Math.floor((created + HUNDRED_YEARS_MS) / 1000) * 1000 : t;
}

export function samlProviderActions(dataDir: string, accountId: string, now: () => number): IamModule & { byArn(arn: string): { Arn: string; Name: string } | undefined } {
  const { state, save } = iamState<{ providers: Record<string, SamlProvider> }>(dataDir, 'saml-providers', { providers: {} });
  function get(p: QueryParams): SamlProvider {
    const arn = required(p, 'SAMLProviderArn');
    const provider = state.providers[arn];
    if (!provider) throw new AwsError('NoSuchEntity', `Manifest not found for arn ${arn}`, 404);
    return provider;
  }
  return {
    actions: {
      CreateSAMLProvider(p) {
        const name = required(p, 'Name');
        if (name.length > 128) throw validationError('name', name, 'Member must have length less than or equal to 128');
        if (!/^[\w._-]+$/.test(name)) throw validationError('name', name, 'Member must satisfy regular expression pattern: [\\w._-]+');
        const metadata = checkMetadata(required(p, 'SAMLMetadataDocument'));
        const tags = requestTags(p);
        const arn = `arn:aws:iam::${accountId}:saml-provider/${name}`;
        if (state.providers[arn]) throw new AwsError('EntityAlreadyExists', `SAMLProvider ${name} already exists`, 409);
        const created = now();
        state.providers[arn] = { Arn: arn, metadata, CreateDate: created, ValidUntil: validUntil(metadata, created), Tags: tags };
        save();
        return xml({ SAMLProviderArn: arn, Tags: tagsXml(tags) });
      },
      GetSAMLProvider(p) {
        const provider = get(p);
        return xml({
          SAMLMetadataDocument: provider.metadata,
          CreateDate: iamTime(provider.CreateDate),
          ValidUntil: iamTime(provider.ValidUntil),
          Tags: tagsXml(provider.Tags),
        });
      },
      UpdateSAMLProvider(p) {
        const provider = get(p);
        if (p.SAMLMetadataDocument !== undefined) {
          provider.metadata = checkMetadata(p.SAMLMetadataDocument);
          provider.ValidUntil = validUntil(provider.metadata, now());
        }
        save();
        return xml({ SAMLProviderArn: provider.Arn });
      },
      DeleteSAMLProvider(p) {
        delete state.providers[get(p).Arn];
        save();
        return '';
      },
      ListSAMLProviders: () =>
        xml({
          SAMLProviderList: {
            member: Object.values(state.providers)
              .sort((a, b) => (a.Arn < b.Arn ? -1 : 1))
              .map((x) => ({ Arn: x.Arn, ValidUntil: iamTime(x.ValidUntil), CreateDate: iamTime(x.CreateDate) })),
          },
        }),
      ...taggingActions('SAMLProvider', get, save),
    },
    summary: () => ({ Providers: Object.keys(state.providers).length }),
    byArn(arn) {
      const provider = state.providers[arn];
      return provider && { Arn: provider.Arn, Name: provider.Arn.slice(provider.Arn.indexOf(':saml-provider/') + ':saml-provider/'.length) };
    },
    noResult: ['DeleteSAMLProvider', ...taggingNoResult('SAMLProvider')],
  };
}
