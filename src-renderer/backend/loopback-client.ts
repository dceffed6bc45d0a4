// The contract over browser mode's loopback HTTP: one POST per call, progress as
// Server-Sent Events. Failures come back as ApiError data, like every other transport;
// nothing here throws at the caller.
import { errorMessage } from '../../src-shared/errors.ts';
import { RAW_IMPORT_CONTENT_TYPE, type ApiError, type ApiResult, type LabApi, type LabMethod } from '../../src-shared/contract.ts';
import type { ProgressEvent } from '../../src-shared/result.ts';
import { fromWire, type WireEvent } from '../../src-shared/live-spans.ts';

interface MessageLike {
  data: string;
}

interface EventSourceLike {
  onmessage: ((message: MessageLike) => void) | null;
  close(): void;
}

export type EventSourceConstructor = new (url: string) => EventSourceLike;

export interface LoopbackClientOptions {
  fetch?: typeof fetch;
  /**
   * How to open the event stream. The page's EventSource by default (it reconnects by
   * itself); `null`, or where there is none (Node), the stream is read with fetch.
   */
  EventSource?: EventSourceConstructor | null;
  /** Wait before reopening a dropped fetch stream. */
  reconnectMs?: number;
}

type ProgressListener = (events: ProgressEvent[]) => void;

export function createLoopbackClient(origin: string, token: string, options: LoopbackClientOptions = {}): LabApi {
  const base = origin.replace(/\/+$/, '');
  const doFetch = options.fetch ?? ((input, init) => fetch(input, init));
  const EventSourceCtor =
    options.EventSource === undefined ? (globalThis as { EventSource?: EventSourceConstructor }).EventSource : (options.EventSource ?? undefined);
  const reconnectMs = options.reconnectMs ?? 1000;
  const listeners = new Set<ProgressListener>();
  let closeStream: (() => void) | undefined;

  async function post(method: LabMethod, args: unknown[]): Promise<ApiResult<unknown>> {
    // JSON turns a trailing undefined into null; leave it out so an optional argument stays absent.
    while (args.length > 0 && args[args.length - 1] === undefined) args = args.slice(0, -1);
    // An import goes as the file itself: a 90 MB export is not escaped into a second copy.
    const raw = method === 'importRuns' && typeof args[0] === 'string' && args.length === 1;
    let response: Response;
    try {
      response = await doFetch(`${base}/api/${method}`, {
        method: 'POST',
        headers: { 'Content-Type': raw ? RAW_IMPORT_CONTENT_TYPE : 'application/json', Authorization: `Bearer ${token}` },
        body: raw ? (args[0] as string) : JSON.stringify(args),
      });
    } catch (err) {
      return unreachable(err);
    }
    let body: unknown;
    try {
      body = await response.json();
    } catch (err) {
      return failure('internal', `the lab answered HTTP ${response.status} without a result (${messageOf(err)})`);
    }
    if (isApiResult(body)) return body;
    return failure('internal', `the lab answered HTTP ${response.status} with something that is not a result`);
  }

  function unreachable(err: unknown): ApiError {
    return failure('unavailable', `cannot reach the lab at ${base}: ${messageOf(err)}. Is \`concurrency-lab serve\` still running?`);
  }

  function deliver(data: string): void {
    let events: unknown;
    try {
      events = JSON.parse(data);
    } catch {
      return;
    }
    if (!Array.isArray(events)) return;
    // Live spans come as columns (live-spans.ts): the page makes their objects.
    const decoded = (events as WireEvent[]).map(fromWire);
    for (const listener of [...listeners]) {
      try {
        listener(decoded);
      } catch (err) {
        console.error('progress listener failed:', err);
      }
    }
  }

  function openStream(): () => void {
    if (EventSourceCtor) {
      // EventSource cannot send headers: the event stream alone takes the token in its URL.
      const source = new EventSourceCtor(`${base}/api/events?token=${encodeURIComponent(token)}`);
      source.onmessage = (m) => deliver(m.data);
      return () => source.close();
    }
    return readStreamWithFetch();
  }

  function readStreamWithFetch(): () => void {
    const controller = new AbortController();
    const run = async (): Promise<void> => {
      while (!controller.signal.aborted) {
        try {
          const response = await doFetch(`${base}/api/events`, {
            headers: { Accept: 'text/event-stream', Authorization: `Bearer ${token}` },
            signal: controller.signal,
          });
          if (response.ok && response.body) await readEvents(response.body, deliver);
        } catch {
          // Dropped or refused: try again below, as EventSource would.
        }
        if (!controller.signal.aborted) await new Promise((r) => setTimeout(r, reconnectMs));
      }
    };
    void run();
    return () => controller.abort();
  }

  const call = <M extends LabMethod>(method: M) => ((...args: unknown[]) => post(method, args)) as unknown as LabApi[M];

  return {
    getMachine: call('getMachine'),
    getCapacity: call('getCapacity'),
    listPresets: call('listPresets'),
    listModels: call('listModels'),
    listInterpreters: call('listInterpreters'),
    calibrate: call('calibrate'),
    validateSpec: call('validateSpec'),
    checkCode: call('checkCode'),
    tryCode: call('tryCode'),
    startRun: call('startRun'),
    cancelRun: call('cancelRun'),
    getActiveRun: call('getActiveRun'),
    onProgress(listener) {
      listeners.add(listener);
      closeStream ??= openStream();
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0 && closeStream) {
          closeStream();
          closeStream = undefined;
        }
      };
    },
    listRuns: call('listRuns'),
    getRun: call('getRun'),
    getTrialSpans: call('getTrialSpans'),
    updateRun: call('updateRun'),
    deleteRun: call('deleteRun'),
    compareRuns: call('compareRuns'),
    exportRuns: call('exportRuns'),
    importRuns: call('importRuns'),
    listStudyPresets: call('listStudyPresets'),
    validateStudy: call('validateStudy'),
    startStudy: call('startStudy'),
    cancelStudy: call('cancelStudy'),
    getActiveStudy: call('getActiveStudy'),
    listStudies: call('listStudies'),
    getStudy: call('getStudy'),
    updateStudy: call('updateStudy'),
    deleteStudy: call('deleteStudy'),
    exportStudy: call('exportStudy'),
  };
}

/** Reads an event stream body, handing each message's data to `onData`. */
export async function readEvents(body: ReadableStream<Uint8Array>, onData: (data: string) => void): Promise<void> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += decoder.decode(value, { stream: true }).replace(/\r\n?/g, '\n');
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const data = block
        .split('\n')
        .filter((line) => line.startsWith('data:'))
        .map((line) => line.slice(line.startsWith('data: ') ? 6 : 5));
      if (data.length > 0) onData(data.join('\n'));
    }
  }
}

function isApiResult(body: unknown): body is ApiResult<unknown> {
  return typeof body === 'object' && body !== null && typeof (body as { ok?: unknown }).ok === 'boolean';
}

function failure(code: ApiError['code'], message: string): ApiError {
  return { ok: false, code, message };
}

function messageOf(err: unknown): string {
  return errorMessage(err);
}
