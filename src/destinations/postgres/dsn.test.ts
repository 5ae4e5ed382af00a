import { describe, expect, it } from 'vitest';
import { ConnectionStringError, parseConnectionString, redactor, searchPathSchemas } from './dsn.js';

const noEnv = {};

describe('postgresql connection strings', () => {
  it('reads a URL: percent-encoded parts, query parameters overriding, runtime parameters kept', () => {
    const s = parseConnectionString(
      'postgres://jack:p%40ss%20w%2Fd@db.example.com:6543/my%20db?sslmode=disable&application_name=x&search_path=myschema&connect_timeout=5&statement_timeout=1000',
      noEnv,
    );
    expect(s).toEqual({
      host: 'db.example.com',
      port: 6543,
      user: 'jack',
      password: 'p@ss w/d',
      database: 'my db',
      sslmode: 'disable',
      applicationName: 'x',
      connectTimeoutSeconds: 5,
      runtimeParams: { search_path: 'myschema', statement_timeout: '1000' },
    });
    expect(parseConnectionString('postgresql://[::1]/db?host=/tmp&user=q', noEnv)).toMatchObject({ host: '/tmp', user: 'q', database: 'db' });
    expect(parseConnectionString('postgres://localhost', noEnv)).toEqual({ host: 'localhost', sslmode: 'prefer', runtimeParams: {} });
  });

  it("reads libpq's key=value DSN: quotes, escapes, spaces around =, ignored pgx keys", () => {
    const s = parseConnectionString(
      "user=jack password=jack\\'ssooper\\\\secret host = localhost port=5432 dbname='my db' sslmode=verify-full " +
        "search_path='a b' pool_max_conns=3 statement_cache_capacity=0 empty=''",
      noEnv,
    );
    expect(s).toEqual({
      user: 'jack',
      password: "jack'ssooper\\secret",
      host: 'localhost',
      port: 5432,
      database: 'my db',
      sslmode: 'verify-full',
      poolMaxConns: 3,
      runtimeParams: { search_path: 'a b', empty: '' },
    });
    expect(parseConnectionString("password='a\\'b c'", noEnv).password).toBe("a'b c");
    expect(parseConnectionString('dbname=mydb', noEnv)).toEqual({ database: 'mydb', sslmode: 'prefer', runtimeParams: {} });
    expect(parseConnectionString('host=a,b port=1,2', noEnv)).toMatchObject({ host: 'a', port: 1 });
  });

  it('takes PGSSLMODE as the default sslmode, as libpq does', () => {
    expect(parseConnectionString('dbname=x', { PGSSLMODE: 'require' }).sslmode).toBe('require');
    expect(parseConnectionString('dbname=x sslmode=disable', { PGSSLMODE: 'require' }).sslmode).toBe('disable');
  });

  it('refuses malformed strings without echoing any value', () => {
    const secret = 'hunter2hunter2';
    for (const text of [
      `postgres://u:${secret}@host:port/db`,
      `host=x password='${secret}`,
      `host=x ${secret}`,
      `host=x sslmode=${secret}`,
      `host=x port=${secret}`,
      `postgres://u:%zz${secret}@host/db`,
    ]) {
      let caught: unknown;
      try {
        parseConnectionString(text, noEnv);
      } catch (err) {
        caught = err;
      }
      expect(caught, text).toBeInstanceOf(ConnectionStringError);
      expect(String(caught)).not.toContain(secret);
    }
  });

  it('finds the schema of a search_path', () => {
    expect(searchPathSchemas('myschema')).toEqual(['myschema']);
    expect(searchPathSchemas('"$user", public')).toEqual(['$user', 'public']);
    expect(searchPathSchemas('MySchema,"Quoted ""Name""" , other')).toEqual(['myschema', 'Quoted "Name"', 'other']);
    expect(searchPathSchemas('')).toEqual([]);
  });

  it('redacts the password in every form it may take', () => {
    const redact = redactor({ password: 'p@ss"w' }, { PGPASSWORD: 'envsecret' });
    expect(redact('a p@ss"w b p%40ss%22w c p@ss\\"w d envsecret')).toBe('a *** b *** c *** d ***');
    expect(redactor({}, {})('nothing to hide')).toBe('nothing to hide');
  });
});
