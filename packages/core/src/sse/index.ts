export { parseSseStream, type ServerSentEvent } from './parse-sse-stream.js';
export { encodeSseData, encodeSseJson, sseDone } from './encode-sse.js';
