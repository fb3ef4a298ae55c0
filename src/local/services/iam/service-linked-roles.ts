// Service-linked roles: CreateServiceLinkedRole makes `AWSServiceRoleFor<Service>[_<suffix>]` under
// `/aws-service-role/<service principal>/`, trusted by that service; DeleteServiceLinkedRole deletes it at
// once and answers a deletion task, which GetServiceLinkedRoleDeletionStatus reports SUCCEEDED (no AWS
// resource locally uses the role, so there is nothing to wait for). Role names are AWS's documented ones
// for the services listed here; any other principal gets `AWSServiceRoleFor<first label>` (a deviation:
// AWS refuses principals that have no service-linked role).
import { randomUUID } from 'node:crypto';
import { xml } from '../../protocol/xml.js';
import { AwsError } from '../../types.js';
import { checkName, iamState, required, validationError, type IamModule } from './common.js';
import { checkDescription } from './role-settings.js';
import { newRole, oneRole, type RoleStore } from './roles.js';

/** Role name after `AWSServiceRoleFor`, by service principal (IAM User Guide, each service's SLR page). */
const ROLE_NAMES: Record<string, string> = {
  'autoscaling.amazonaws.com': 'AutoScaling',
  'elasticbeanstalk.amazonaws.com': 'ElasticBeanstalk',
  'ecs.amazonaws.com': 'ECS',
  'eks.amazonaws.com': 'AmazonEKS',
  'eks-nodegroup.amazonaws.com': 'AmazonEKSNodegroup',
  'eks-fargate.amazonaws.com': 'AmazonEKSForFargate',
  'rds.amazonaws.com': 'RDS',
  'elasticloadbalancing.amazonaws.com': 'ElasticLoadBalancing',
  'es.amazonaws.com': 'AmazonElasticsearchService',
  'opensearchservice.amazonaws.com': 'AmazonOpenSearchService',
  'spot.amazonaws.com': 'EC2Spot',
  'spotfleet.amazonaws.com': 'EC2SpotFleet',
  'elasticache.amazonaws.com': 'ElastiCache',
  'redshift.amazonaws.com': 'Redshift',
  'organizations.amazonaws.com': 'Organizations',
  'support.amazonaws.com': 'Support',
  'trustedadvisor.amazonaws.com': 'TrustedAdvisor',
  'cloudtrail.amazonaws.com': 'CloudTrail',
  'config.amazonaws.com': 'Config',
  'guardduty.amazonaws.com': 'AmazonGuardDuty',
  'ssm.amazonaws.com': 'AmazonSSM',
  'kafka.amazonaws.com': 'Kafka',
  'mq.amazonaws.com': 'AmazonMQ',
  'ops.apigateway.amazonaws.com': 'APIGateway',
  'securityhub.amazonaws.com': 'SecurityHub',
  'access-analyzer.amazonaws.com': 'AccessAnalyzer',
  'globalaccelerator.amazonaws.com': 'GlobalAccelerator',
  'replicator.lambda.amazonaws.com': 'LambdaReplicator',
  'dax.amazonaws.com': 'DAX',
  'backup.amazonaws.com': 'Backup',
  'compute-optimizer.amazonaws.com': 'ComputeOptimizer',
  'sso.amazonaws.com': 'SSO',
  'inspector2.amazonaws.com': 'AmazonInspector2',
  'lakeformation.amazonaws.com': 'LakeFormationDataAccess',
};

/** Application Auto Scaling's roles are per resource type: `<type>.application-autoscaling.amazonaws.com`. */
const APP_AUTOSCALING: Record<string, string> = {
  ecs: 'ECSService', dynamodb: 'DynamoDBTable', ec2: 'EC2SpotFleetRequest', rds: 'RDSCluster',
  'custom-resource': 'CustomResource', sagemaker: 'SageMakerEndpoint', cassandra: 'CassandraTable',
  kafka: 'KafkaCluster', comprehend: 'ComprehendEndpoint', lambda: 'LambdaConcurrency',
  elasticache: 'ElastiCacheRG', neptune: 'NeptuneCluster', appstream: 'AppStreamFleet',
};

/** Services whose service-linked role takes no CustomSuffix (one role per account). */
const NO_SUFFIX = new Set(['es.amazonaws.com', 'opensearchservice.amazonaws.com', 'ecs.amazonaws.com', 'elasticloadbalancing.amazonaws.com']);

function roleNameFor(service: string): string {
  const known = ROLE_NAMES[service];
  if (known) return known;
  const app = /^(.+)\.application-autoscaling\.amazonaws\.com$/.exec(service);
  if (app) return `ApplicationAutoScaling_${APP_AUTOSCALING[app[1]!] ?? app[1]}`;
  return service.split('.')[0]!;
}

export function serviceLinkedRoleActions(roles: RoleStore, dataDir: string, accountId: string, now: () => number): IamModule {
  const deletions = iamState<{ tasks: Record<string, string> }>(dataDir, 'service-linked-role-deletions', { tasks: {} });
  return {
    actions: {
      CreateServiceLinkedRole(p) {
        const service = checkName('aWSServiceName', required(p, 'AWSServiceName'), 128);
        const suffix = p.CustomSuffix === undefined ? undefined : checkName('customSuffix', p.CustomSuffix, 64);
        const description = checkDescription(p.Description);
        if (suffix !== undefined && NO_SUFFIX.has(service)) throw new AwsError('InvalidInput', `Custom suffix is not allowed for ${service}`, 400);
        const name = `AWSServiceRoleFor${roleNameFor(service)}${suffix === undefined ? '' : `_${suffix}`}`;
        if (name.length > 64) throw validationError('roleName', name, 'Member must have length less than or equal to 64');
        if (roles.find(name)) throw new AwsError('InvalidInput', `Service role name ${name} has been taken in this account, please try a different suffix.`, 400);
        const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' }] };
        const role = newRole(accountId, now(), {
          RoleName: name,
          Path: `/aws-service-role/${service}/`,
          AssumeRolePolicyDocument: JSON.stringify(trust),
          Description: description || undefined,
          linkedService: service,
        });
        roles.put(role);
        return oneRole(role, 'create');
      },
      DeleteServiceLinkedRole(p) {
        const role = roles.get(required(p, 'RoleName'));
        if (!role.linkedService) throw new AwsError('InvalidInput', `Role ${role.RoleName} is not a service-linked role.`, 400);
        const id = `task/aws-service-role/${role.linkedService}/${role.RoleName}/${randomUUID()}`;
        roles.remove(role.RoleName);
        deletions.state.tasks[id] = 'SUCCEEDED';
        deletions.save();
        return xml({ DeletionTaskId: id });
      },
      GetServiceLinkedRoleDeletionStatus(p) {
        const id = required(p, 'DeletionTaskId');
        if (!id.startsWith('task/aws-service-role/')) throw new AwsError('InvalidInput', `Invalid deletion task id: ${id}`, 400);
        const status = deletions.state.tasks[id];
        if (!status) throw new AwsError('NoSuchEntity', `Deletion task ${id} cannot be found.`, 404);
        return xml({ Status: status });
      },
    },
    noResult: [],
  };
}
