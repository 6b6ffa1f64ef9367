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

  /**
   * Reports a problem of the manuscript. Whether it refuses the import (an error) or only
   * warns is the rule's severity in the catalog, never the caller's choice, so a rule means
   * the same in every place that reports it.
   */
  report(rule: RuleId, message: string): void {
    this.diagnostics.report(rule, { file: this.file, line: 0, column: 0 }, message);
  }

  note(message: string): void {
    this.notes.push(message);
  }
}
