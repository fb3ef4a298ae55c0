// STS over the Query protocol: GetCallerIdentity for the fixed local account (the root principal).
import type { QueryService } from '../../protocol/query.js';
import { xml } from '../../protocol/xml.js';
import type { ServiceFactory } from '../../service.js';

export const create: ServiceFactory<QueryService> = (env) => ({
  internal: {
    name: 'sts',
    xmlns: 'https://sts.amazonaws.com/doc/2011-06-15/',
    actions: {
      GetCallerIdentity: () =>
        xml({ Arn: `arn:aws:iam::${env.accountId}:root`, UserId: env.accountId, Account: env.accountId }),
    },
  },
});
