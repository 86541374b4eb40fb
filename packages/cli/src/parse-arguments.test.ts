import { describe, expect, it } from 'vitest';
import { DEFAULT_HOST, DEFAULT_PORT, parseArguments } from './parse-arguments.js';
import { UsageError } from './usage-error.js';

describe('parseArguments', () => {
  it('defaults to the demo config on 0.0.0.0:4000', () => {
    expect(parseArguments([], {})).toEqual({
      configPath: undefined,
      port: DEFAULT_PORT,
      host: DEFAULT_HOST,
      detailedDebug: false,
      help: false,
      version: false,
    });
    expect(DEFAULT_PORT).toBe(4000);
    expect(DEFAULT_HOST).toBe('0.0.0.0');
  });

  it('reads LiteLLM-style flags', () => {
    const options = parseArguments(
      ['--config', 'config.yaml', '--port', '8080', '--host', '127.0.0.1', '--detailed_debug'],
      {},
    );
    expect(options).toMatchObject({
      configPath: 'config.yaml',
      port: 8080,
      host: '127.0.0.1',
      detailedDebug: true,
    });
    expect(parseArguments(['-c', 'a.yaml', '-p', '0'], {})).toMatchObject({
      configPath: 'a.yaml',
      port: 0,
    });
    expect(parseArguments(['--port=5000'], {}).port).toBe(5000);
  });

  it('falls back to PORT and HOST, flags winning', () => {
    const env = { PORT: '5001', HOST: '::1' };
    expect(parseArguments([], env)).toMatchObject({ port: 5001, host: '::1' });
    expect(parseArguments(['--port', '5002', '--host', 'localhost'], env)).toMatchObject({
      port: 5002,
      host: 'localhost',
    });
    expect(parseArguments([], { PORT: '', HOST: ' ' })).toMatchObject({
      port: DEFAULT_PORT,
      host: DEFAULT_HOST,
    });
  });

  it('recognises --help and --version', () => {
    expect(parseArguments(['--help'], {}).help).toBe(true);
    expect(parseArguments(['-h'], {}).help).toBe(true);
    expect(parseArguments(['--version'], {}).version).toBe(true);
    expect(parseArguments(['-v'], {}).version).toBe(true);
  });

  it.each([
    [['--port', 'abc'], /--port: "abc" is not a port/],
    [['--port', '70000'], /--port: "70000" is not a port/],
    [['--port', '-1'], /--port/],
    [['--bogus'], /Unknown option '--bogus'/],
    [['serve'], /Unexpected argument 'serve'/],
    [['--config'], /--config/],
    [['--config', ''], /--config: expected a file path/],
  ])('rejects %j with a UsageError', (argv, message) => {
    let thrown: unknown;
    try {
      parseArguments(argv, {});
    } catch (error) {
      thrown = error;
    }
    expect(UsageError.isInstance(thrown)).toBe(true);
    expect((thrown as Error).message).toMatch(message);
  });

  it('names PORT when the variable is wrong', () => {
    expect(() => parseArguments([], { PORT: 'http' })).toThrow(/^PORT: "http" is not a port/);
  });
});
