import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/database.js';
import {
  deleteTeamMembership,
  findTeam,
  updateTeam,
  upsertTeamMembership,
} from '../../db/repositories/team.repository.js';
import {
  findUser,
  findUserByEmail,
  insertUser,
  updateUser,
} from '../../db/repositories/user.repository.js';
import type { Team } from '../../db/tables/team.table.js';
import type { User } from '../../db/tables/user.table.js';
import { parseJson } from '../../keys/key-cache.js';
import { type TeamMember, teamMembers } from './team-record.js';

type Executor = Kysely<Database> | Transaction<Database>;

/** A member as a request names it: `user_id` and/or `user_email`. */
export interface TeamMemberInput {
  role: 'admin' | 'user';
  user_id?: string | undefined;
  user_email?: string | null | undefined;
}

/** The user a member input names; created (as `internal_user`) when no user has that id/email. */
async function findOrCreateUser(db: Executor, member: TeamMemberInput, now: Date): Promise<User> {
  const existing =
    member.user_id !== undefined
      ? await findUser(db, member.user_id)
      : member.user_email
        ? await findUserByEmail(db, member.user_email)
        : undefined;
  if (existing) return existing;
  const userId = member.user_id ?? randomUUID();
  await insertUser(db, {
    user_id: userId,
    user_email: member.user_email ?? null,
    user_alias: null,
    user_role: 'internal_user',
    teams: '[]',
    models: '[]',
    metadata: '{}',
    created_at: now.toISOString(),
    updated_at: now.toISOString(),
  });
  const created = await findUser(db, userId);
  if (!created) throw new Error('the user just inserted was not found');
  return created;
}

/** Writes `members_with_roles` and the `admins`/`members` id lists LiteLLM keeps beside it. */
async function saveMembers(
  db: Executor,
  teamId: string,
  members: readonly TeamMember[],
  now: Date,
): Promise<Team> {
  const team = await updateTeam(db, teamId, {
    members_with_roles: JSON.stringify(members),
    admins: JSON.stringify(members.filter(member => member.role === 'admin').map(m => m.user_id)),
    members: JSON.stringify(members.filter(member => member.role === 'user').map(m => m.user_id)),
    updated_at: now.toISOString(),
  });
  if (!team) throw new Error(`team ${teamId} disappeared while its members changed`);
  return team;
}

/** Sets the user's `teams` list with `teamId` added or removed. */
async function setUserTeam(db: Executor, user: User, teamId: string, member: boolean, now: Date) {
  const teams = parseJson<string[]>(user.teams, []).filter(id => id !== teamId);
  if (member) teams.push(teamId);
  return updateUser(db, user.user_id, {
    teams: JSON.stringify(teams),
    updated_at: now.toISOString(),
  });
}

/**
 * Adds members to a team (run it in a transaction): creates unknown users, adds memberships,
 * the team to each user's `teams`, and each member to `members_with_roles` (a member already
 * there takes the new role). Returns the team and the users as they now are.
 */
export async function addTeamMembers(
  db: Executor,
  team: Team,
  inputs: readonly TeamMemberInput[],
  now: Date,
): Promise<{ team: Team; users: User[] }> {
  const members = teamMembers(team);
  const users: User[] = [];
  for (const input of inputs) {
    const user = await findOrCreateUser(db, input, now);
    await upsertTeamMembership(db, user.user_id, team.team_id);
    const updated = await setUserTeam(db, user, team.team_id, true, now);
    users.push(updated ?? user);
    const entry: TeamMember = {
      role: input.role,
      user_id: user.user_id,
      user_email: user.user_email,
    };
    const index = members.findIndex(member => member.user_id === user.user_id);
    if (index === -1) members.push(entry);
    else members[index] = entry;
  }
  return { team: await saveMembers(db, team.team_id, members, now), users };
}

/** Removes a user from a team: membership, the user's `teams`, the team's member lists. */
export async function removeTeamMember(
  db: Executor,
  teamId: string,
  user: User,
  now: Date,
): Promise<Team> {
  await deleteTeamMembership(db, user.user_id, teamId);
  await setUserTeam(db, user, teamId, false, now);
  const team = await findTeam(db, teamId);
  if (!team) throw new Error(`team ${teamId} disappeared while its members changed`);
  const members = teamMembers(team).filter(member => member.user_id !== user.user_id);
  return saveMembers(db, teamId, members, now);
}

/** Drops deleted teams from their users' `teams` lists. */
export async function forgetTeams(db: Executor, teams: readonly Team[], now: Date): Promise<void> {
  for (const team of teams) {
    for (const member of teamMembers(team)) {
      const user = await findUser(db, member.user_id);
      if (user) await setUserTeam(db, user, team.team_id, false, now);
    }
  }
}

/** Drops deleted users from their teams' member lists. */
export async function forgetUsers(db: Executor, users: readonly User[], now: Date): Promise<void> {
  for (const user of users) {
    for (const teamId of parseJson<string[]>(user.teams, [])) {
      const team = await findTeam(db, teamId);
      if (!team) continue;
      const members = teamMembers(team).filter(member => member.user_id !== user.user_id);
      await saveMembers(db, teamId, members, now);
    }
  }
}
