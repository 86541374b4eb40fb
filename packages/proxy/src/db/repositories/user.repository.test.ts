import { describe, expect, it } from 'vitest';
import type { NewUser } from '../tables/user.table.js';
import { DIALECTS, useTestDatabase } from '../test-dialects.js';
import {
  addUserSpend,
  deleteUsers,
  findUser,
  findUserByEmail,
  insertUser,
  listUsers,
  updateUser,
} from './user.repository.js';

function userRow(userId: string, overrides: Partial<NewUser> = {}): NewUser {
  return {
    user_id: userId,
    user_email: null,
    user_alias: null,
    user_role: 'internal_user',
    teams: '[]',
    models: '[]',
    metadata: '{}',
    created_at: `2026-11-24T07:00:00.000Z`,
    updated_at: `2026-11-24T07:00:00.000Z`,
    ...overrides,
  };
}

for (const dialect of DIALECTS) {
  describe(`${dialect.name}: user repository`, () => {
    const database = useTestDatabase(dialect);

    it('round-trips a row with bigint money', async () => {
      await insertUser(
        database.db,
        userRow('u1', { max_budget_pico: 9_007_199_254_740_993n, tpm_limit: 5, user_email: 'a@b' }),
      );
      const row = await findUser(database.db, 'u1');
      expect(row?.spend_pico).toBe(0n);
      expect(row?.max_budget_pico).toBe(9_007_199_254_740_993n);
      expect(row?.tpm_limit).toBe(5n);
      expect((await findUserByEmail(database.db, 'a@b'))?.user_id).toBe('u1');
      expect(await findUser(database.db, 'nope')).toBeUndefined();
    });

    it('updates, lists by page, deletes', async () => {
      for (const id of ['u1', 'u2', 'u3']) await insertUser(database.db, userRow(id));
      expect((await updateUser(database.db, 'u2', { user_alias: 'two' }))?.user_alias).toBe('two');
      expect(await updateUser(database.db, 'nope', { user_alias: 'x' })).toBeUndefined();
      const page = await listUsers(database.db, { offset: 1, limit: 1 });
      expect(page.total).toBe(3);
      expect(page.rows.map(row => row.user_id)).toEqual(['u2']);
      expect(await deleteUsers(database.db, ['u1', 'nope'])).toEqual(['u1']);
      expect(await findUser(database.db, 'u1')).toBeUndefined();
    });

    it('adds summed spend exactly, past 2^53 picodollars', async () => {
      await insertUser(database.db, userRow('u1', { spend_pico: 9_007_199_254_740_993n }));
      await addUserSpend(
        database.db,
        new Map([
          ['u1', 7n],
          ['nope', 5n],
          ['', 3n],
        ]),
      );
      expect((await findUser(database.db, 'u1'))?.spend_pico).toBe(9_007_199_254_741_000n);
    });
  });
}
