import { describe, expect, it } from 'vitest';
import { chunksToSseEvents, splitSseEvents } from './load-fixture.js';

describe('chunksToSseEvents', () => {
  it('frames each line and ends with [DONE]', () => {
    expect(chunksToSseEvents('{"a":1}\n{"b":2}\n')).toEqual([
      'data: {"a":1}\n\n',
      'data: {"b":2}\n\n',
      'data: [DONE]\n\n',
    ]);
  });

  it('can leave out [DONE]', () => {
    expect(chunksToSseEvents('{"a":1}', { done: false })).toEqual(['data: {"a":1}\n\n']);
  });
});

describe('splitSseEvents', () => {
  it('splits on blank lines and keeps named events together', () => {
    expect(splitSseEvents('data: 1\r\n\r\nevent: error\ndata: {}\n\n\ndata: [DONE]\n\n')).toEqual([
      'data: 1\n\n',
      'event: error\ndata: {}\n\n',
      'data: [DONE]\n\n',
    ]);
  });
});
