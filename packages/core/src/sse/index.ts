export { encodeSseData, encodeSseJson, sseDone } from './encode-sse.js';
export { parseSseStream, type ServerSentEvent } from './parse-sse-stream.js';
