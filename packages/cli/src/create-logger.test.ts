import { describe, expect, it } from 'vitest';
import { createLogger, SECRET_KEYS, selectLogLevel } from './create-logger.js';

describe('selectLogLevel', () => {
  it('defaults to info', () => {
    expect(selectLogLevel({}, false)).toBe('info');
  });

  it("reads LiteLLM's LITELLM_LOG_LEVEL and its spellings", () => {
    expect(selectLogLevel({ LITELLM_LOG_LEVEL: 'DEBUG' }, false)).toBe('debug');
    expect(selectLogLevel({ LITELLM_LOG_LEVEL: 'INFO' }, false)).toBe('info');
    expect(selectLogLevel({ LITELLM_LOG_LEVEL: 'WARNING' }, false)).toBe('warn');
    expect(selectLogLevel({ LITELLM_LOG_LEVEL: 'CRITICAL' }, false)).toBe('fatal');
    expect(selectLogLevel({ LITELLM_LOG: 'DEBUG' }, false)).toBe('debug');
  });

  it('lets LLMUX_LOG_LEVEL win over the LiteLLM variables', () => {
    expect(
      selectLogLevel(
        { LLMUX_LOG_LEVEL: 'error', LITELLM_LOG_LEVEL: 'DEBUG', LITELLM_LOG: 'DEBUG' },
        false,
      ),
    ).toBe('error');
    expect(selectLogLevel({ LITELLM_LOG_LEVEL: 'ERROR', LITELLM_LOG: 'DEBUG' }, false)).toBe(
      'error',
    );
  });

  it('makes --detailed_debug mean debug', () => {
    expect(selectLogLevel({}, true)).toBe('debug');
    expect(selectLogLevel({ LLMUX_LOG_LEVEL: 'warn' }, true)).toBe('debug');
  });

  it('ignores empty variables and rejects unknown levels by name', () => {
    expect(selectLogLevel({ LLMUX_LOG_LEVEL: '', LITELLM_LOG_LEVEL: 'DEBUG' }, false)).toBe(
      'debug',
    );
    expect(() => selectLogLevel({ LLMUX_LOG_LEVEL: 'verbose' }, false)).toThrow(
      /LLMUX_LOG_LEVEL: unknown log level "verbose"/,
    );
  });
});

describe('createLogger', () => {
  function capture() {
    const lines: string[] = [];
    return { lines, destination: { write: (line: string) => void lines.push(line) } };
  }

  it('redacts every secret key down to four levels of nesting', () => {
    const { lines, destination } = capture();
    const logger = createLogger({ level: 'debug', pretty: false, destination });
    const secret = 'sk-very-secret';
    const fields = Object.fromEntries(SECRET_KEYS.map(key => [key, secret]));
    logger.debug(
      {
        ...fields,
        headers: { ...fields, 'content-type': 'application/json' },
        request: { headers: fields, litellm_params: { model: 'openai/gpt-4o', ...fields } },
        config: {
          general_settings: { master_key: secret },
          model_list: [{ litellm_params: fields }],
        },
      },
      'request',
    );
    expect(lines).toHaveLength(1);
    const line = lines[0] ?? '';
    expect(line).not.toContain(secret);
    expect(line).toContain('[REDACTED]');
    expect(line).toContain('application/json');
    expect(line).toContain('openai/gpt-4o');
  });

  it('writes at the chosen level only', () => {
    const { lines, destination } = capture();
    const logger = createLogger({ level: 'warn', pretty: false, destination });
    logger.info('hidden');
    logger.warn('shown');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] ?? '{}')).toMatchObject({ level: 40, msg: 'shown' });
  });

  it('formats lines for people when pretty, still redacted', () => {
    const { lines, destination } = capture();
    const logger = createLogger({ level: 'info', pretty: true, destination });
    logger.info({ authorization: 'Bearer sk-very-secret' }, 'llmux proxy running on http://x:1');
    const line = lines[0] ?? '';
    expect(line).toContain('llmux proxy running on http://x:1');
    expect(line).not.toContain('sk-very-secret');
    expect(() => JSON.parse(line)).toThrow();
  });
});
