// IAM instance profiles: a named container for one role (EC2 hands it to instances). Create, get, list
// (also per role), delete, add/remove its role, tags. State in `<dataDir>/iam/instance-profiles.json`.
// Wording and status codes as AWS (NoSuchEntity 404, EntityAlreadyExists 409, DeleteConflict 409,
// LimitExceeded 409: one role per profile). DeleteRole asks `namesFor` and refuses while a profile holds it.
import { xml, type XmlNode } from '../../protocol/xml.js';
import { AwsError } from '../../types.js';
import { checkName, checkPath, checkPathPrefix, iamId, iamState, iamTime, required, type IamModule } from './common.js';
import { roleXml, type RoleStore } from './roles.js';
import { iamPage } from './paging.js';
import { requestTags, type Tag, taggingActions, taggingNoResult, tagsXml } from './tags.js';

interface InstanceProfile {
  InstanceProfileName: string;
  InstanceProfileId: string;
  Path: string;
  Arn: string;
  CreateDate: number;
  /** Role names (at most one). */
  roles: string[];
  Tags: Tag[];
}

export class InstanceProfileStore {
  private readonly file: { state: { profiles: Record<string, InstanceProfile> }; save(): void };

  constructor(dataDir: string) {
    this.file = iamState(dataDir, 'instance-profiles', { profiles: {} });
  }

  /** Names are unique ignoring case, as IAM's are. */
  find(name: string): InstanceProfile | undefined {
    const lower = name.toLowerCase();
    return Object.values(this.file.state.profiles).find((p) => p.InstanceProfileName.toLowerCase() === lower);
  }

  get(name: string): InstanceProfile {
    const profile = this.find(name);
    if (!profile) throw new AwsError('NoSuchEntity', `Instance Profile ${name} cannot be found.`, 404);
    return profile;
  }

  all(): InstanceProfile[] {
    return Object.values(this.file.state.profiles).sort((a, b) => (a.InstanceProfileName < b.InstanceProfileName ? -1 : 1));
  }

  /** The profiles that hold a role. */
  namesFor(roleName: string): string[] {
    return this.all().filter((p) => p.roles.includes(roleName)).map((p) => p.InstanceProfileName);
  }

  put(profile: InstanceProfile): void {
    this.file.state.profiles[profile.InstanceProfileName] = profile;
    this.save();
  }

  remove(name: string): void {
    delete this.file.state.profiles[this.get(name).InstanceProfileName];
    this.save();
  }

  save(): void {
    this.file.save();
  }
}

export function instanceProfileActions(profiles: InstanceProfileStore, roles: RoleStore, accountId: string, now: () => number): IamModule & { profilesOf(roleName: string): XmlNode[] } {
  /** GetInstanceProfile and CreateInstanceProfile show tags; the listing operations leave them out. */
  const profileXml = (p: InstanceProfile, withTags: boolean): XmlNode => ({
    Path: p.Path,
    InstanceProfileName: p.InstanceProfileName,
    InstanceProfileId: p.InstanceProfileId,
    Arn: p.Arn,
    CreateDate: iamTime(p.CreateDate),
    Roles: { member: p.roles.flatMap((name) => { const r = roles.find(name); return r ? [roleXml(r, 'list')] : []; }) },
    Tags: withTags ? tagsXml(p.Tags) : undefined,
  });
  const listed = (list: InstanceProfile[], params: Record<string, string>) => {
    const pg = iamPage(params, list);
    return xml({ InstanceProfiles: { member: pg.items.map((p) => profileXml(p, false)) }, IsTruncated: pg.IsTruncated, Marker: pg.Marker });
  };
  const profileName = (p: Record<string, string>) => required(p, 'InstanceProfileName');

  return {
    actions: {
      CreateInstanceProfile(p) {
        const name = checkName('instanceProfileName', profileName(p), 128);
        const profilePath = checkPath(p.Path ?? '/');
        const tags = requestTags(p);
        if (profiles.find(name)) throw new AwsError('EntityAlreadyExists', `Instance Profile ${name} already exists.`, 409);
        const profile: InstanceProfile = {
          InstanceProfileName: name,
          InstanceProfileId: iamId('AIPA'),
          Path: profilePath,
          Arn: `arn:aws:iam::${accountId}:instance-profile${profilePath}${name}`,
          CreateDate: now(),
          roles: [],
          Tags: tags,
        };
        profiles.put(profile);
        return xml({ InstanceProfile: profileXml(profile, true) });
      },
      GetInstanceProfile: (p) => xml({ InstanceProfile: profileXml(profiles.get(profileName(p)), true) }),
      ListInstanceProfiles(p) {
        const prefix = checkPathPrefix(p.PathPrefix ?? '/');
        return listed(profiles.all().filter((x) => x.Path.startsWith(prefix)), p);
      },
      ListInstanceProfilesForRole(p) {
        const role = roles.get(required(p, 'RoleName'));
        return listed(profiles.all().filter((x) => x.roles.includes(role.RoleName)), p);
      },
      DeleteInstanceProfile(p) {
        const profile = profiles.get(profileName(p));
        if (profile.roles.length) throw new AwsError('DeleteConflict', 'Cannot delete entity, must remove roles from instance profile first.', 409);
        profiles.remove(profile.InstanceProfileName);
        return '';
      },
      AddRoleToInstanceProfile(p) {
        const profile = profiles.get(profileName(p));
        const role = roles.get(required(p, 'RoleName'));
        if (profile.roles.length) throw new AwsError('LimitExceeded', 'Cannot exceed quota for InstanceSessionsPerInstanceProfile: 1', 409);
        profile.roles.push(role.RoleName);
        profiles.save();
        return '';
      },
      RemoveRoleFromInstanceProfile(p) {
        const profile = profiles.get(profileName(p));
        const role = roles.get(required(p, 'RoleName'));
        if (!profile.roles.includes(role.RoleName)) {
          throw new AwsError('NoSuchEntity', `The role with name ${role.RoleName} cannot be found.`, 404);
        }
        profile.roles = profile.roles.filter((r) => r !== role.RoleName);
        profiles.save();
        return '';
      },
      ...taggingActions('InstanceProfile', (p) => profiles.get(profileName(p)), () => profiles.save()),
    },
    summary: () => ({ InstanceProfiles: profiles.all().length }),
    profilesOf: (roleName) => profiles.all().filter((x) => x.roles.includes(roleName)).map((x) => profileXml(x, false)),
    noResult: ['DeleteInstanceProfile', 'AddRoleToInstanceProfile', 'RemoveRoleFromInstanceProfile', ...taggingNoResult('InstanceProfile')],
  };
}
