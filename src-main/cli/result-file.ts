// The CLI's --json file, written as the run goes: each measured trial (with its spans) is
// appended to a spool file when the engine hands it on, and at the end the result is
// written around it. Each span object is made from the trial's columns as it is written. The text is what JSON.stringify(result, null, 2) gave when the
// whole result was kept in memory; the spans never are. A write that fails is kept as the
// reason, said when the result is due, and the run goes on (its trials are in the history).
import { errorMessage } from '../../src-shared/errors.ts';
import { closeSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import type { TrialData } from '../../src-shared/result.ts';
import { FileSink, JsonPiece, LazyArray, writeJson, type EngineRunResult, type TextSink } from '../service/index.ts';

const GAP = '  ';
/** Where a trial sits in the result: an element of `trials`, two levels down. */
const TRIAL_INDENT = GAP + GAP;

export class ResultFile {
  readonly file: string;
  readonly #spool: string;
  readonly #fd: number | undefined;
  #trials = 0;
  #error: string | undefined;

  /** Opens the spool beside `file` (so it is on the same disk, and a bad directory fails first). */
  constructor(file: string) {
    this.file = file;
    this.#spool = `${file}.trials.partial`;
    try {
      this.#fd = openSync(this.#spool, 'w');
    } catch (e) {
      this.#error = errorMessage(e);
    }
  }

  /** Appends one finished trial, as the element of `trials` it will be; a failure is kept for finish(). */
  addTrial(trial: TrialData): void {
    if (this.#error !== undefined) return;
    try {
      this.#append(trial);
    } catch (e) {
      this.#error = errorMessage(e);
    }
  }

  #append(trial: TrialData): void {
    const fd = this.#fd!;
    const pieces: string[] = [this.#trials === 0 ? '' : `,\n${TRIAL_INDENT}`];
    const spool: TextSink = {
      write: (text) => {
        pieces.push(text);
        if (pieces.length >= 4096) writeSync(fd, pieces.splice(0).join(''));
      },
    };
    const { spans } = trial;
    writeJson(spool, { ...trial, spans: new LazyArray(spans.length, (i) => spans.row(i)) }, GAP, TRIAL_INDENT);
    writeSync(fd, pieces.join(''));
    this.#trials++;
  }

  /** Writes the whole result (its trials from the spool) and puts it in place; removes the spool. */
  finish<R extends EngineRunResult>(result: R): void {
    if (this.#error !== undefined) {
      this.discard();
      throw new Error(this.#error);
    }
    const sink = new FileSink(this.file);
    try {
      const trials = new JsonPiece((out, indent) => {
        if (this.#trials === 0) return out.write('[]');
        out.write(`[\n${indent}${GAP}`);
        this.#copySpool(out);
        out.write(`\n${indent}]`);
      });
      writeJson(sink, { ...result, trials }, GAP);
      sink.write('\n');
      sink.commit();
    } catch (error) {
      sink.abort();
      throw error;
    } finally {
      this.discard();
    }
  }

  #copySpool(out: TextSink): void {
    const fd = openSync(this.#spool, 'r');
    try {
      const buffer = Buffer.allocUnsafe(1 << 20);
      const decoder = new StringDecoder('utf8');
      for (let read; (read = readSync(fd, buffer, 0, buffer.length, null)) > 0; ) out.write(decoder.write(buffer.subarray(0, read)));
      out.write(decoder.end());
    } finally {
      closeSync(fd);
    }
  }

  /** Closes and removes the spool (after finish, or when the result will not be written). */
  discard(): void {
    try {
      if (this.#fd !== undefined) closeSync(this.#fd);
    } catch {
      // closed already
    }
    rmSync(this.#spool, { force: true });
  }
}
