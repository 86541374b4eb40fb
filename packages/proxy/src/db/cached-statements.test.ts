import SQLite from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { withCachedStatements } from './cached-statements.js';

describe('withCachedStatements', () => {
  it('prepares a SQL text once and reuses the statement', () => {
    const sqlite = new SQLite(':memory:');
    const database = withCachedStatements(sqlite);
    database.prepare('create table t (n integer)').run([]);
    const insert = database.prepare('insert into t (n) values (?)');
    expect(database.prepare('insert into t (n) values (?)')).toBe(insert);
    insert.run([1]);
    database.prepare('insert into t (n) values (?)').run([2]);
    expect(database.prepare('select n from t order by n').all([])).toEqual([{ n: 1 }, { n: 2 }]);
    database.close();
    expect(sqlite.open).toBe(false);
  });

  it('drops the least recently used statement beyond its capacity', () => {
    const sqlite = new SQLite(':memory:');
    const database = withCachedStatements(sqlite, 2);
    const one = database.prepare('select 1');
    const two = database.prepare('select 2');
    expect(database.prepare('select 1')).toBe(one);
    database.prepare('select 3');
    expect(database.prepare('select 1')).toBe(one);
    expect(database.prepare('select 2')).not.toBe(two);
    database.close();
  });
});
