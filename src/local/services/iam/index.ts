// IAM over the Query protocol (roles, inline role policies, role tags). State: <dataDir>/iam/roles.json.
import type { QueryService } from '../../protocol/query.js';
import type { ServiceFactory } from '../../service.js';

export const create: ServiceFactory<QueryService> = () => ({
  internal: { name: 'iam', xmlns: 'https://iam.amazonaws.com/doc/2010-05-08/', actions: {} },
});
