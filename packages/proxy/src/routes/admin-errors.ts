import { BadRequestError, NotFoundError } from '@llmux/core';

type Entity = { name: 'User'; idField: 'user_id' } | { name: 'Team'; idField: 'team_id' };

const user: Entity = { name: 'User', idField: 'user_id' };
const team: Entity = { name: 'Team', idField: 'team_id' };

/** LiteLLM's 404 for an id no row has ("User not found, passed user_id=X"). */
function notFound(entity: Entity, id: string): NotFoundError {
  return new NotFoundError({
    message: `${entity.name} not found, passed ${entity.idField}=${id}`,
    type: 'not_found_error',
    param: entity.idField,
  });
}

/** LiteLLM's 400 for a create with an id that is taken. */
function exists(entity: Entity, id: string): BadRequestError {
  return new BadRequestError({
    message: `${entity.name} id = ${id} already exists. Please use a different ${entity.name.toLowerCase()} id.`,
    type: 'bad_request_error',
    param: entity.idField,
  });
}

export const userNotFoundError = (userId: string) => notFound(user, userId);
export const userExistsError = (userId: string) => exists(user, userId);
export const teamNotFoundError = (teamId: string) => notFound(team, teamId);
export const teamExistsError = (teamId: string) => exists(team, teamId);
