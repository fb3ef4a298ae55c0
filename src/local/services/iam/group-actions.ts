// IAM groups: create, get (with its users), update (rename, new path), list, delete (DeleteConflict while it
// has members or policies), membership (AddUserToGroup, RemoveUserFromGroup, ListGroupsForUser). A user is in
// at most 10 groups (AWS's quota). Wording as AWS: "The group with name X cannot be found." (404),
// "Group with name X already exists." (409).
import type { QueryAction } from '../../protocol/query.js';
import { xml, type XmlNode } from '../../protocol/xml.js';
import { AwsError } from '../../types.js';
import type { Attachments } from './attachments.js';
import { checkName, checkPath, checkPathPrefix, iamId, iamTime, newNameAndPath, required } from './common.js';
import type { Group, GroupStore } from './groups.js';
import { iamPage } from './paging.js';
import { userXml } from './user-actions.js';
import type { UserStore } from './users.js';

const MAX_GROUPS_PER_USER = 10;

export function groupXml(g: Group): XmlNode {
  return { Path: g.Path, GroupName: g.GroupName, GroupId: g.GroupId, Arn: g.Arn, CreateDate: iamTime(g.CreateDate) };
}

export function groupActions(groups: GroupStore, users: UserStore, attachments: Attachments, now: () => number): Record<string, QueryAction> {
  const members = (g: Group) => users.all().filter((u) => u.groups.includes(g.GroupId));

  users.guardDelete((u) => (u.groups.length ? 'Cannot delete entity, must remove users from group first.' : undefined));

  return {
    CreateGroup(p) {
      const name = checkName('groupName', required(p, 'GroupName'), 128);
      const groupPath = checkPath(p.Path ?? '/');
      if (groups.find(name)) throw new AwsError('EntityAlreadyExists', `Group with name ${name} already exists.`, 409);
      const group: Group = { GroupName: name, GroupId: iamId('AGPA'), Path: groupPath, Arn: groups.arnFor(groupPath, name), CreateDate: now(), policies: {} };
      groups.put(group);
      return xml({ Group: groupXml(group) });
    },
    GetGroup(p) {
      const group = groups.get(required(p, 'GroupName'));
      const got = iamPage(p, members(group));
      return xml({ Group: groupXml(group), Users: { member: got.items.map((u) => userXml(u, 'list')) }, IsTruncated: got.IsTruncated, Marker: got.Marker });
    },
    UpdateGroup(p) {
      const group = groups.get(required(p, 'GroupName'));
      const { name, path } = newNameAndPath(p, 'Group', { name: group.GroupName, path: group.Path, entity: group }, 128, (n) => groups.find(n));
      group.GroupName = name;
      group.Path = path;
      group.Arn = groups.arnFor(path, name);
      groups.save();
      return '';
    },
    ListGroups(p) {
      const prefix = checkPathPrefix(p.PathPrefix ?? '/');
      const got = iamPage(p, groups.all().filter((g) => g.Path.startsWith(prefix)));
      return xml({ Groups: { member: got.items.map(groupXml) }, IsTruncated: got.IsTruncated, Marker: got.Marker });
    },
    DeleteGroup(p) {
      const group = groups.get(required(p, 'GroupName'));
      if (members(group).length) throw new AwsError('DeleteConflict', 'Cannot delete entity, must remove users from group first.', 409);
      if (Object.keys(group.policies).length) throw new AwsError('DeleteConflict', 'Cannot delete entity, must delete policies first.', 409);
      if (attachments.of('group', group.GroupId).length) throw new AwsError('DeleteConflict', 'Cannot delete entity, must detach all policies first.', 409);
      groups.remove(group);
      return '';
    },
    AddUserToGroup(p) {
      const user = users.get(required(p, 'UserName'));
      const group = groups.get(required(p, 'GroupName'));
      if (!user.groups.includes(group.GroupId)) {
        if (user.groups.length >= MAX_GROUPS_PER_USER) {
          throw new AwsError('LimitExceeded', `Cannot exceed quota for GroupsPerUser: ${MAX_GROUPS_PER_USER}`, 409);
        }
        user.groups.push(group.GroupId);
        users.save();
      }
      return '';
    },
    RemoveUserFromGroup(p) {
      // AWS answers success for a user that is not in the group (both must exist).
      const group = groups.get(required(p, 'GroupName'));
      const user = users.get(required(p, 'UserName'));
      user.groups = user.groups.filter((id) => id !== group.GroupId);
      users.save();
      return '';
    },
    ListGroupsForUser(p) {
      const user = users.get(required(p, 'UserName'));
      const list = user.groups.map((id) => groups.byId(id)).filter((g): g is Group => !!g).sort((a, b) => (a.GroupName < b.GroupName ? -1 : 1));
      const got = iamPage(p, list);
      return xml({ Groups: { member: got.items.map(groupXml) }, IsTruncated: got.IsTruncated, Marker: got.Marker });
    },
  };
}

export const GROUP_NO_RESULT = ['UpdateGroup', 'DeleteGroup', 'AddUserToGroup', 'RemoveUserFromGroup'];
