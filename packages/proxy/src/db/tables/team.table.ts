import type { ColumnType, Insertable, Selectable, Updateable } from 'kysely';

/** A nullable `bigint` column, read as JS bigint on both dialects (see `spend-log.table.ts`). */
type NullableInteger = ColumnType<bigint | null, bigint | number | null, bigint | number | null>;

/**
 * One team, under LiteLLM's `LiteLLM_TeamTable` column names. `admins`, `members` (user ids)
 * and `members_with_roles` (`[{role, user_id, user_email}]`) are JSON lists; money integer
 * picodollars; `blocked` 0 or 1 (see `verification-token.table.ts`).
 */
export interface TeamTable {
  team_id: string;
  team_alias: string | null;
  admins: string;
  members: string;
  members_with_roles: string;
  metadata: string;
  max_budget_pico: NullableInteger;
  budget_duration: string | null;
  budget_reset_at: string | null;
  spend_pico: ColumnType<bigint, bigint | number | undefined, bigint | number>;
  models: string;
  tpm_limit: NullableInteger;
  rpm_limit: NullableInteger;
  /** How many requests the team's keys may have in flight together; null = no limit. */
  max_parallel_requests: NullableInteger;
  blocked: ColumnType<bigint | number, 0 | 1, 0 | 1>;
  created_at: string;
  updated_at: string;
}

export type Team = Selectable<TeamTable>;
export type NewTeam = Insertable<TeamTable>;

/** What a new team holds before anything is set: no admins, members, metadata or model limit. */
export const newTeamDefaults = {
  admins: '[]',
  members: '[]',
  members_with_roles: '[]',
  metadata: '{}',
  models: '[]',
  blocked: 0,
} as const satisfies Partial<NewTeam>;
export type TeamUpdate = Updateable<TeamTable>;

/** A user's membership of a team, with the spend of the user's keys in that team. */
export interface TeamMembershipTable {
  user_id: string;
  team_id: string;
  spend_pico: ColumnType<bigint, bigint | number | undefined, bigint | number>;
}

export type TeamMembership = Selectable<TeamMembershipTable>;
export type NewTeamMembership = Insertable<TeamMembershipTable>;
export type TeamMembershipUpdate = Updateable<TeamMembershipTable>;
