/**
 * What an import tells the person running it: diagnostics (rule ids from the build's catalog,
 * placed at the manuscript file; a slide or cell is named in the message, since a binary
 * file has no lines to point at) and notes that are neither warnings nor errors.
 */
import type { Diagnostics, RuleId } from '../diagnostics.ts';

export class ImportReport {
  readonly notes: string[] = [];
  constructor(
    readonly diagnostics: Diagnostics,
    readonly file: string,
  ) {}

  warn(rule: RuleId, message: string): void {
    this.diagnostics.report(rule, { file: this.file, line: 0, column: 0 }, message);
  }

  error(rule: RuleId, message: string): void {
    this.diagnostics.report(rule, { file: this.file, line: 0, column: 0 }, message);
  }

  note(message: string): void {
    this.notes.push(message);
  }
}
