import type { Cell } from '../../data/ids.js';
import type { Universe } from '../../data/universe.js';
import { findGroup, groupAt, type IamGroup } from './groups.js';
import { findRole, roleAt, type IamRole } from './roles.js';
import { findUser, userAt, type IamUser } from './users.js';

/** The principals policies attach to. */
export type EntityType = 'user' | 'group' | 'role';

/** What the attachment and inline-policy rules need to know about a user, group or role. */
export interface EntityRef {
  type: EntityType;
  index: number;
  /** The generated entity's own index; -1 for fixed entities (sandbox-admin, the org's roles). */
  ordinal: number;
  name: string;
  team: string;
}

export function userRef(user: IamUser): EntityRef {
  return { type: 'user', index: user.index, ordinal: user.ordinal, name: user.UserName, team: user.team };
}

export function groupRef(group: IamGroup): EntityRef {
  return { type: 'group', index: group.index, ordinal: group.index, name: group.GroupName, team: group.team };
}

export function roleRef(role: IamRole): EntityRef {
  return { type: 'role', index: role.index, ordinal: role.ordinal, name: role.RoleName, team: role.team };
}

/** The entity a name denotes, or NoSuchEntity with IAM's message for its type. */
export function resolveEntity(universe: Universe, cell: Cell, type: EntityType, name: string): EntityRef {
  switch (type) {
    case 'user':
      return userRef(userAt(universe, cell, findUser(universe, cell, name)));
    case 'group':
      return groupRef(groupAt(universe, cell, findGroup(universe, cell, name)));
    case 'role':
      return roleRef(roleAt(universe, cell, findRole(universe, cell, name)));
  }
}
