/**
 * Writes what an import found into a company variant (content/README.md, "Company variants"):
 * whole lesson files for lessons with changes, `remove:` entries in variant.yaml, questions
 * and survey items in full. Existing variant files are updated, not replaced: what the
 * variant already says and this manuscript does not change stays as it is, comments included.
 * Everything is computed in memory; the caller writes the files, or nothing.
 */
import type { SourceTree } from '../sources.ts';
import path from 'node:path';
import { Document, isMap, isSeq, parseDocument, type YAMLMap, type YAMLSeq } from 'yaml';
import { plainText, runsText, visualParas } from '../markdown/index.ts';
import { Diagnostics } from '../diagnostics.ts';
import { parseLessonFile } from '../load/lesson-markdown.ts';
import type { Course, Lang, Localized } from '../model.ts';
import { fillPlaceholders } from '../validate/placeholders.ts';
import type { Unit } from './blocks.ts';
import { arrange, joinLesson, joinParts, type LessonText, retitle, setFrontTitle, slideParts, slideText, splitLesson } from './lesson-file.ts';
import { bodyMarkdown, escapeText, narrationMarkdown, placeholdersIn, titleMarkdown, type OrgValues } from './markdown.ts';
import type { DeckChanges } from './pptx-diff.ts';
import type { ImportReport } from './report.ts';
import type { OptionLabelChange, WorkbookChanges } from './xlsx-diff.ts';

/** One line of the import summary: `~` changed, `+` added, `-` removed, `↕` moved. */
export interface SummaryLine {
  sign: '~' | '+' | '-' | '↕';
  what: string;
  detail: string;
}

const schemaComment = (name: string) => ` yaml-language-server: $schema=../../../build/schemas/${name}.schema.json`;

interface LessonFile {
  rel: string;
  text: string;
}

/** The variant's sources as they are now, and the files the import will write. */
export class VariantDraft {
  readonly dir: string;
  readonly exists: boolean;
  private readonly out = new Map<string, string>();
  private variantDoc: Document | null = null;
  private questionsDoc: Document | null = null;
  private surveyDoc: Document | null = null;
  readonly summary: SummaryLine[] = [];
  /** Files this import creates (they get the schema comment first). */
  private readonly created = new Set<string>();
  /** Added slides whose id the variant already had in this language (an earlier import's copy). */
  private readonly replacedAdded = new Set<string>();

  /** Where the variant's files are in the source tree. */
  private readonly treeDir: string;

  constructor(
    /** The course folder as it is now, in memory; nothing is read from the disk. */
    readonly tree: SourceTree,
    readonly name: string,
    /** The base course (without the variant), whose ids `remove:` may name. */
    readonly base: Course,
    readonly report: ImportReport,
  ) {
    this.treeDir = `variants/${name}`;
    this.dir = tree.abs(this.treeDir);
    this.exists = tree.has(`${this.treeDir}/variant.yaml`);
  }

  /** Files to write, relative to the variant folder. */
  get files(): Map<string, string> {
    const files = new Map(this.out);
    const yaml = (doc: Document, kind: string) => `${this.created.has(kind) ? `#${schemaComment(kind === 'survey' ? 'variant-survey' : kind)}\n` : ''}${doc.toString({ lineWidth: 0, flowCollectionPadding: false })}`;
    if (this.variantDoc) files.set('variant.yaml', yaml(this.variantDoc, 'variant'));
    if (this.questionsDoc) files.set('questions.yaml', yaml(this.questionsDoc, 'questions'));
    if (this.surveyDoc) files.set('survey.yaml', yaml(this.surveyDoc, 'survey'));
    return files;
  }



  private readText(rel: string): string | null {
    if (this.out.has(rel)) return this.out.get(rel)!;
    return this.tree.text(`${this.treeDir}/${rel}`);
  }

  private doc(kind: 'variant' | 'questions' | 'survey'): Document {
    const cached = kind === 'variant' ? this.variantDoc : kind === 'questions' ? this.questionsDoc : this.surveyDoc;
    if (cached) return cached;
    const rel = `${kind}.yaml`;
    const text = this.readText(rel);
    let doc: Document;
    if (text !== null) {
      doc = parseDocument(text);
      if (doc.errors.length) throw new Error(`${path.join(this.dir, rel)} cannot be read (${doc.errors[0]!.message.split('\n')[0]}); fix it before importing into this variant.`);
    } else {
      doc = new Document(kind === 'variant' ? { name: this.name } : kind === 'questions' ? { questions: [] } : { items: [] });
      this.created.add(kind);
    }
    if (kind === 'variant') this.variantDoc = doc;
    else if (kind === 'questions') this.questionsDoc = doc;
    else this.surveyDoc = doc;
    return doc;
  }

  /**
   * A new variant gets its variant.yaml, so it can be built, even when the changes are all in
   * other files (lessons, questions). The caller asks only when something changed.
   */
  ensureVariant(): void {
    if (!this.exists) this.doc('variant');
  }

  // ── variant.yaml ────────────────────────────────────────────────────────────

  private addRemoval(kind: 'lessons' | 'slides' | 'questions' | 'surveyItems', id: string): void {
    const doc = this.doc('variant');
    let seq = doc.getIn(['remove', kind]) as YAMLSeq | undefined;
    if (!isSeq(seq)) {
      seq = doc.createNode([]) as YAMLSeq;
      seq.flow = true;
      doc.setIn(['remove', kind], seq);
    }
    if (!seq.items.some((i) => String((i as { value?: unknown }).value ?? i) === id)) seq.add(doc.createNode(id));
  }

  /** A localised value with one language replaced; the others as the variant or course has them. */
  private setLocalized(pathIn: string[], current: Localized, lang: Lang, value: string, what: string): void {
    const doc = this.doc('variant');
    const existing = doc.getIn(pathIn);
    const merged: Localized = { ...current, ...(isMap(existing) ? (existing.toJSON() as Localized) : {}), [lang]: value };
    const node = doc.createNode(merged) as YAMLMap;
    node.flow = true;
    doc.setIn(pathIn, node);
    const others = Object.keys(merged).filter((l) => l !== lang && merged[l] === current[l]);
    if (others.length) this.report.report('UntranslatedText', `${what} changed in "${lang}" only; ${others.map((l) => `"${l}" still reads "${merged[l]}"`).join(', ')}.`);
  }

  // ── Lessons ─────────────────────────────────────────────────────────────────

  /** The lesson's file in the variant (its path and text), or the base file to start one from. */
  private lessonFile(lessonId: string, lang: Lang): LessonFile {
    for (const rel of this.variantLessonFiles(lang)) {
      const text = this.readText(rel)!;
      if (new RegExp(`^id:\\s*${lessonId}\\s*$`, 'm').test(text.split(/\n---/)[0] ?? '')) return { rel, text };
    }
    const lesson = this.base.lessons.find((l) => l.id === lessonId);
    const file = lesson?.files[lang];
    if (!file) throw new Error(`The base course has no file for lesson "${lessonId}" in "${lang}".`);
    const text = this.tree.text(path.relative(this.tree.root, file).split(path.sep).join('/'));
    if (text === null) throw new Error(`The base course's lesson file ${file} is not in the sources.`);
    return { rel: path.posix.join('lessons', lang, path.basename(file)), text };
  }

  private variantLessonFiles(lang: Lang): string[] {
    const onDisk = this.tree.list(`${this.treeDir}/lessons/${lang}`).filter((f) => f.endsWith('.md')).map((f) => path.posix.join('lessons', lang, f));
    const drafted = [...this.out.keys()].filter((k) => k.startsWith(`lessons/${lang}/`));
    return [...new Set([...onDisk, ...drafted])].sort();
  }

  private editLesson(lessonId: string, lang: Lang, edit: (l: LessonText) => void): void {
    const f = this.lessonFile(lessonId, lang);
    const lesson = splitLesson(f.text, path.join(this.dir, f.rel), lang);
    edit(lesson);
    const text = joinLesson(lesson);
    // The written file must read as a lesson again; anything else is a bug here, not the customer's.
    const diags = new Diagnostics();
    const parsed = parseLessonFile(diags.source(f.rel, text), lang, diags);
    if (!parsed || diags.errors.length) throw new Error(`The import wrote ${f.rel} in a form the build cannot read: ${diags.list.map((d) => d.message).join(' ')}`);
    this.out.set(f.rel, text);
  }

  applyDeck(c: DeckChanges, org: OrgValues, lessonTitles: Map<string, string>): void {
    const lang = c.lang;
    const langs = this.base.languages.map((l) => l.code);
    const baseSlide = (id: string) => {
      const [lessonId, slideId] = id.split('/');
      return this.base.lessons.find((l) => l.id === lessonId)?.slides.some((s) => s.id === slideId) ?? false;
    };
    const touched = new Set([...c.edits.filter((e) => e.title !== null || e.units || e.notes).map((e) => e.lessonId), ...c.added.map((a) => a.lessonId), ...c.order.keys(), ...c.lessonTitles.keys()]);
    for (const lessonId of [...touched].sort()) {
      this.editLesson(lessonId, lang, (lesson) => {
        for (const e of c.edits.filter((x) => x.lessonId === lessonId)) {
          const chunk = lesson.slides.find((s) => s.id === e.slideId);
          if (!chunk) continue;
          const parts = slideParts(chunk.text);
          const used = placeholdersIn(chunk.text);
          if (e.title !== null) parts.heading = retitle(parts.heading, titleMarkdown(e.title, org, used), e.slideId).split('\n')[0]!;
          if (e.units) {
            const body = bodyMarkdown(e.units, [parts.body, parts.after].filter(Boolean).join('\n\n'), org, used);
            parts.body = body.markdown;
            parts.after = '';
            if (body.lost.length) this.report.report('FormattingNotKept', `Slide ${e.number} (${lessonId}/${e.slideId}): ${body.lost.join('; ')}.`);
          }
          if (e.notes) {
            if (e.notes.length) parts.narration = narrationMarkdown(e.notes, parts.narration, org);
            else this.report.report('MissingNotes', `Slide ${e.number} (${lessonId}/${e.slideId}) has no notes any more; its narration is kept.`);
          }
          chunk.text = joinParts(parts);
        }
        for (const a of c.added.filter((x) => x.lessonId === lessonId)) {
          const original = a.duplicateOf ? lesson.slides.find((s) => s.id === a.duplicateOf!.split('/')[1]) : undefined;
          const originalParts = original ? slideParts(original.text) : null;
          const used = original ? placeholdersIn(original.text) : new Set<string>();
          const body = bodyMarkdown(a.units, originalParts ? [originalParts.body, originalParts.after].filter(Boolean).join('\n\n') : '', org, used);
          if (body.lost.length) this.report.report('FormattingNotKept', `Slide ${a.number} (added as ${lessonId}/${a.slideId}): ${body.lost.join('; ')}.`);
          let title = a.title;
          if (!title) {
            title = plainFirstLine(a.units) || lessonTitles.get(lessonId) || a.slideId;
            this.report.report('EmptySlideTitle', `Slide ${a.number} (added as ${lessonId}/${a.slideId}) has no title; it is titled "${title}".`);
          }
          let narration = a.notes.length ? narrationMarkdown(a.notes, originalParts?.narration ?? '', org) : '';
          if (!narration) {
            narration = escapeText(a.units.map(unitPlain).join(' ')) || escapeText(title);
            this.report.report('MissingNotes', `Slide ${a.number} (added as ${lessonId}/${a.slideId}) has no notes; its on-screen text is used as its narration until one is written.`);
          }
          const text = slideText(titleMarkdown(title, org, used), a.slideId, body.markdown || escapeText(title), narration);
          const existing = lesson.slides.find((s) => s.id === a.slideId);
          if (existing) this.replacedAdded.add(a.slideId);
          if (existing) existing.text = text;
          else lesson.slides.push({ id: a.slideId, text });
        }
        const order = c.order.get(lessonId);
        if (order) lesson.slides = arrange(lesson.slides, order);
        const title = c.lessonTitles.get(lessonId);
        if (title !== undefined) lesson.front = setFrontTitle(lesson.front, titleMarkdown(title, org, new Set(Object.keys(org))));
      });
      // Every language has the same slides in the same order: new slides reach the other
      // languages untranslated, and a new order applies to all of them.
      const added = c.added.filter((a) => a.lessonId === lessonId);
      const order = c.order.get(lessonId);
      if (!added.length && !order) continue;
      const source = splitLesson(this.out.get(this.lessonFile(lessonId, lang).rel)!, '', lang);
      for (const other of langs.filter((l) => l !== lang)) {
        this.editLesson(lessonId, other, (lesson) => {
          for (const a of added) {
            if (lesson.slides.some((s) => s.id === a.slideId)) continue;
            lesson.slides.push({ id: a.slideId, text: source.slides.find((s) => s.id === a.slideId)!.text });
            this.report.report('UntranslatedText', `The slide added as ${lessonId}/${a.slideId} (slide ${a.number}) is copied untranslated ("${lang}") into the "${other}" lesson; translate it there.`);
          }
          if (order) lesson.slides = arrange(lesson.slides, order);
        });
      }
    }
    for (const id of c.removedSlides) {
      if (baseSlide(id)) this.addRemoval('slides', id);
      else {
        // A slide the variant itself added: it leaves the variant's lesson files.
        const [lessonId, slideId] = id.split('/') as [string, string];
        for (const l of langs) this.editLesson(lessonId, l, (lesson) => void (lesson.slides = lesson.slides.filter((s) => s.id !== slideId)));
      }
    }
    for (const id of c.removedLessons) {
      this.addRemoval('lessons', id);
      // Questions that check a removed lesson go with it: they would point at nothing.
      for (const q of this.base.questions.filter((x) => x.lesson === id)) {
        this.addRemoval('questions', q.id);
        this.summary.push({ sign: '-', what: `question ${q.id}`, detail: `removed with the lesson ${id}, which it checks` });
      }
      const own = this.readText('questions.yaml') !== null ? (this.doc('questions').toJS() as { questions?: { id: string; lesson?: string }[] }).questions ?? [] : [];
      for (const q of own.filter((x) => x.lesson === id && !this.base.questions.some((b) => b.id === x.id))) {
        this.dropEntry('questions', q.id);
        this.summary.push({ sign: '-', what: `question ${q.id}`, detail: `removed with the lesson ${id}, which it checks` });
      }
    }
    if (c.courseTitle !== null) this.setLocalized(['title'], this.base.title, lang, c.courseTitle, 'The course title');
    if (c.description !== null) this.setLocalized(['description'], this.base.description, lang, c.description, 'The course description');
    for (const [key, value] of c.organisation) {
      const current = this.base.organisation[key] ?? {};
      this.setLocalized(['organisation', key], current, lang, value, `organisation.${key}`);
    }
    this.summarizeDeck(c);
  }

  private summarizeDeck(c: DeckChanges): void {
    const s = this.summary;
    for (const e of c.edits) {
      const parts = [e.title !== null ? 'title' : null, e.units ? 'text' : null].filter(Boolean);
      if (parts.length) s.push({ sign: '~', what: `slide ${e.lessonId}/${e.slideId}`, detail: `${parts.join(' and ')} edited (slide ${e.number})${e.title !== null ? `: "${e.title}"` : ''}` });
      if (e.notes) s.push({ sign: '~', what: `notes ${e.lessonId}/${e.slideId}`, detail: `narration changed (slide ${e.number})` });
      if (e.lost.length) this.report.report('FormattingNotKept', `Slide ${e.number} (${e.lessonId}/${e.slideId}): ${e.lost.join(', ')} cannot be kept.`);
    }
    for (const a of c.added) {
      const replaces = this.replacedAdded.has(a.slideId) ? ` (in place of the variant's slide ${a.slideId}, added at the same place before)` : '';
      s.push({ sign: '+', what: `slide ${a.lessonId}/${a.slideId}`, detail: `added (slide ${a.number})${a.duplicateOf ? `, a copy of ${a.duplicateOf}` : ''}: "${a.title}"${replaces}` });
      if (a.lost.length) this.report.report('FormattingNotKept', `Slide ${a.number} (added as ${a.lessonId}/${a.slideId}): ${a.lost.join(', ')} cannot be kept.`);
    }
    for (const id of c.removedSlides) s.push({ sign: '-', what: `slide ${id}`, detail: 'removed' });
    for (const id of c.removedLessons) s.push({ sign: '-', what: `lesson ${id}`, detail: 'removed (all its slides were deleted)' });
    for (const l of c.reordered) s.push({ sign: '↕', what: `lesson ${l}`, detail: `slides reordered: ${c.order.get(l)!.join(', ')}` });
    for (const [l, t] of c.lessonTitles) s.push({ sign: '~', what: `lesson ${l}`, detail: `title: "${t}"` });
    if (c.courseTitle !== null) s.push({ sign: '~', what: 'course title', detail: `"${c.courseTitle}"` });
    if (c.description !== null) s.push({ sign: '~', what: 'course description', detail: 'changed (title slide notes)' });
    for (const [k, v] of c.organisation) s.push({ sign: '~', what: `organisation.${k}`, detail: `"${v}"` });
  }

  // ── Questions and survey ──────────────────────────────────────────────────

  private baseEntry(file: 'questions.yaml' | 'survey.yaml', list: 'questions' | 'items', id: string): Record<string, unknown> | null {
    const doc = parseDocument(this.tree.text(file) ?? '');
    const items = (doc.toJS() as Record<string, unknown[]>)[list] ?? [];
    const found = items.find((x) => (x as { id?: string }).id === id);
    return found ? structuredClone(found as Record<string, unknown>) : null;
  }

  /** The entry of `id` in the variant's file (to update in place), or a copy of the base entry. */
  private entry(kind: 'questions' | 'survey', id: string): { value: Record<string, unknown>; index: number } | null {
    const doc = this.doc(kind);
    const list = kind === 'questions' ? 'questions' : 'items';
    const seq = doc.get(list) as YAMLSeq | undefined;
    const items = isSeq(seq) ? (seq.toJSON() as Record<string, unknown>[]) : [];
    const index = items.findIndex((x) => x['id'] === id);
    if (index >= 0) return { value: items[index]!, index };
    const base = this.baseEntry(kind === 'questions' ? 'questions.yaml' : 'survey.yaml', list, id);
    return base ? { value: base, index: -1 } : null;
  }

  private putEntry(kind: 'questions' | 'survey', value: Record<string, unknown>, index: number): void {
    const doc = this.doc(kind);
    const list = kind === 'questions' ? 'questions' : 'items';
    let seq = doc.get(list) as YAMLSeq | undefined;
    if (!isSeq(seq)) {
      seq = doc.createNode([]) as YAMLSeq;
      doc.set(list, seq);
    }
    const node = doc.createNode(value) as YAMLMap;
    // Localised texts and choices one per line, as the base files write them.
    for (const pair of node.items) {
      const v = pair.value;
      if (isMap(v)) v.flow = true;
      if (isSeq(v)) for (const item of v.items) if (isMap(item)) item.flow = true;
    }
    if (index >= 0) seq.items[index] = node;
    else seq.items.push(node);
  }

  private langs(): Lang[] {
    return this.base.languages.map((l) => l.code);
  }

  /** Text for one language replaced in a localised map; the other languages filled with it if they lack one. */
  private localized(current: unknown, lang: Lang, value: string, what: string): Localized {
    const given: Localized = { ...((current as Localized | undefined) ?? {}), [lang]: value };
    const missing = this.langs().filter((l) => !given[l]);
    const out: Localized = Object.fromEntries(this.langs().map((l) => [l, given[l] ?? value]));
    if (missing.length) this.report.report('UntranslatedText', `${what} exists only in "${lang}"; ${missing.map((l) => `"${l}"`).join(', ')} get${missing.length === 1 ? 's' : ''} the same text until it is translated.`);
    return out;
  }

  applyTestWorkbook(c: WorkbookChanges, org: OrgValues): void {
    const lang = c.lang;
    const baseIds = new Set(this.base.questions.map((q) => q.id));
    for (const ch of c.questions) {
      const e = this.entry('questions', ch.id);
      if (!e) continue;
      const q = e.value as { text?: Localized; feedback?: Localized; choices?: { id: string; text: Localized; correct?: boolean }[]; answer?: boolean; type?: string };
      const notes: string[] = [];
      if (ch.text !== null) {
        q.text = { ...q.text!, [lang]: plainToMarkdown(ch.text, q.text?.[lang] ?? '', org) };
        notes.push('text');
      }
      if (q.choices) {
        for (const [id, text] of ch.choices) {
          const choice = q.choices.find((x) => x.id === id);
          if (choice) choice.text = { ...choice.text, [lang]: plainToMarkdown(text, choice.text[lang] ?? '', org, true) };
        }
        if (ch.choices.size) notes.push(`choice${ch.choices.size > 1 ? 's' : ''} ${[...ch.choices.keys()].join(', ')}`);
        for (const a of ch.addedChoices) q.choices.push({ id: a.id, text: this.localized(undefined, lang, plainToMarkdown(a.text, '', org, true), `The choice ${a.id} added to ${ch.id}`) });
        if (ch.addedChoices.length) notes.push(`added choice${ch.addedChoices.length > 1 ? 's' : ''} ${ch.addedChoices.map((a) => a.id).join(', ')}`);
        if (ch.removedChoices.length) {
          q.choices = q.choices.filter((x) => !ch.removedChoices.includes(x.id));
          notes.push(`removed choice${ch.removedChoices.length > 1 ? 's' : ''} ${ch.removedChoices.join(', ')}`);
        }
      }
      if (ch.correct !== null) {
        if (typeof ch.correct === 'boolean') {
          q.answer = ch.correct;
          notes.push(`answer: ${ch.correct}`);
        } else if (q.choices) {
          for (const choice of q.choices) {
            if (ch.correct.includes(choice.id)) choice.correct = true;
            else delete choice.correct;
          }
          if (q.type === 'single-choice' && ch.correct.length > 1) {
            q.type = 'multiple-choice';
            notes.push('now multiple-choice');
          }
          notes.push(`correct answer: ${ch.correct.join(',')}`);
        }
      }
      if (ch.feedback !== null) {
        q.feedback = { ...q.feedback!, [lang]: plainToMarkdown(ch.feedback, q.feedback?.[lang] ?? '', org) };
        notes.push('explanation');
      }
      this.putEntry('questions', e.value, e.index);
      this.summary.push({ sign: '~', what: `question ${ch.id}`, detail: `${notes.join(', ')} (row ${ch.row})` });
    }
    for (const a of c.addedQuestions) {
      const text = (s: string, what: string, inline = false) => this.localized(undefined, lang, plainToMarkdown(s, '', org, inline), what);
      const value: Record<string, unknown> = { id: a.id, type: a.type, text: text(a.text, `The question ${a.id}`) };
      if (a.type === 'true-false') value['answer'] = a.correct;
      else value['choices'] = a.choices.map((ch) => ({ id: ch.id, text: text(ch.text, `Choice ${ch.id} of ${a.id}`, true), ...((a.correct as string[]).includes(ch.id) ? { correct: true } : {}) }));
      value['feedback'] = text(a.feedback, `The explanation of ${a.id}`);
      const existing = this.entry('questions', a.id);
      this.putEntry('questions', value, existing && existing.index >= 0 ? existing.index : -1);
      this.summary.push({ sign: '+', what: `question ${a.id}`, detail: `added (row ${a.row}, ${a.type}): "${a.text.split('\n')[0]}"` });
    }
    for (const id of c.removedQuestions) {
      if (baseIds.has(id)) this.addRemoval('questions', id);
      else this.dropEntry('questions', id);
      this.summary.push({ sign: '-', what: `question ${id}`, detail: 'removed' });
    }
  }

  applySurveyWorkbook(c: WorkbookChanges, org: OrgValues): void {
    const lang = c.lang;
    const baseIds = new Set(this.base.survey.items.map((i) => i.id));
    for (const ch of c.items) {
      const e = this.entry('survey', ch.id);
      if (!e) continue;
      const item = e.value as { text?: Localized; theme?: string };
      const notes: string[] = [];
      if (ch.text !== null) {
        item.text = { ...item.text!, [lang]: plainWithPlaceholders(ch.text, org, placeholdersIn(item.text?.[lang] ?? '')) };
        notes.push('text');
      }
      if (ch.theme !== null) {
        item.theme = ch.theme;
        notes.push(`theme: ${ch.theme}`);
      }
      this.putEntry('survey', e.value, e.index);
      this.summary.push({ sign: '~', what: `survey item ${ch.id}`, detail: `${notes.join(', ')} (row ${ch.row})${ch.text !== null ? `: "${ch.text}"` : ''}` });
    }
    for (const a of c.addedItems) {
      const value: Record<string, unknown> = { id: a.id, type: a.type };
      if (a.type === 'likert' && a.scale) value['scale'] = a.scale;
      if (a.type === 'likert' && a.dontKnow) value['dontKnow'] = true;
      if (a.theme) value['theme'] = a.theme;
      value['text'] = this.localized(undefined, lang, plainWithPlaceholders(a.text, org, new Set()), `The survey item ${a.id}`);
      if (a.type === 'text') {
        if (a.required) value['required'] = true;
        if (a.maxLength) value['maxLength'] = a.maxLength;
      }
      const existing = this.entry('survey', a.id);
      this.putEntry('survey', value, existing && existing.index >= 0 ? existing.index : -1);
      this.summary.push({ sign: '+', what: `survey item ${a.id}`, detail: `added (row ${a.row}, ${a.type}${a.theme ? `, theme ${a.theme}` : ''}): "${a.text}"` });
    }
    for (const id of c.removedItems) {
      if (baseIds.has(id)) this.addRemoval('surveyItems', id);
      else this.dropEntry('survey', id);
      this.summary.push({ sign: '-', what: `survey item ${id}`, detail: 'removed' });
    }
    this.applyOptionLabels(c.optionLabels, lang, org);
  }

  /**
   * Labels edited on the survey workbook's options sheet: a scale's point goes into the
   * variant's survey.yaml `scales` (the whole scale, copied from the course the first time),
   * "don't know" into its `dontKnow`, a department into variant.yaml's `departments` (the whole
   * list), a choice item's option into the item's entry, as other item edits do.
   */
  private applyOptionLabels(changes: OptionLabelChange[], lang: Lang, org: OrgValues): void {
    const relabel = (options: { id: string; label: Localized }[] | undefined, ch: OptionLabelChange) => {
      const o = options?.find((x) => x.id === ch.id);
      if (o) o.label = { ...o.label, [lang]: plainWithPlaceholders(ch.label, org, placeholdersIn(o.label[lang] ?? '')) };
      return !!o;
    };
    for (const ch of changes) {
      const detail = `"${ch.label}" (row ${ch.row})`;
      if (ch.kind === 'item') {
        const e = this.entry('survey', ch.list);
        const item = e?.value as { options?: { id: string; label: Localized }[] } | undefined;
        if (!e || !relabel(item?.options, ch)) continue;
        this.putEntry('survey', e.value, e.index);
        this.summary.push({ sign: '~', what: `survey item ${ch.list}`, detail: `option ${ch.id}: ${detail}` });
      } else if (ch.kind === 'scale') {
        const e = this.listEntry('scales', ch.list);
        if (!e || !relabel(e.value['points'] as { id: string; label: Localized }[], ch)) continue;
        this.putListEntry('scales', e.value, e.index);
        this.summary.push({ sign: '~', what: `survey scale ${ch.list}`, detail: `point ${ch.id}: ${detail}` });
      } else if (ch.kind === 'dontKnow') {
        const doc = this.doc('survey');
        const current = (doc.get('dontKnow') as YAMLMap | undefined)?.toJSON?.() ?? this.baseRaw('survey.yaml')['dontKnow'] ?? {};
        const node = doc.createNode({ ...(current as Localized), [lang]: plainWithPlaceholders(ch.label, org, new Set()) }) as YAMLMap;
        node.flow = true;
        doc.set('dontKnow', node);
        this.summary.push({ sign: '~', what: 'survey "don\'t know"', detail });
      } else {
        const doc = this.doc('variant');
        const own = doc.get('departments') as YAMLSeq | undefined;
        const list = (isSeq(own) ? own.toJSON() : structuredClone(this.baseRaw('course.yaml')['departments'] ?? [])) as { id: string; label: Localized }[];
        if (!relabel(list, ch)) continue;
        const node = doc.createNode(list) as YAMLSeq;
        // One department per line, as course.yaml writes them.
        for (const item of node.items) if (isMap(item)) item.flow = true;
        doc.set('departments', node);
        this.summary.push({ sign: '~', what: `department ${ch.id}`, detail });
      }
    }
  }

  /** The base course's file as data. */
  private baseRaw(file: 'survey.yaml' | 'course.yaml'): Record<string, unknown> {
    return (parseDocument(this.tree.text(file) ?? '').toJS() ?? {}) as Record<string, unknown>;
  }

  /** An entry of a list of the variant's survey.yaml by id (its own, to update in place), or a copy of the base survey's. */
  private listEntry(list: 'scales', id: string): { value: Record<string, unknown>; index: number } | null {
    const seq = this.doc('survey').get(list) as YAMLSeq | undefined;
    const items = isSeq(seq) ? (seq.toJSON() as Record<string, unknown>[]) : [];
    const index = items.findIndex((x) => x['id'] === id);
    if (index >= 0) return { value: items[index]!, index };
    const base = ((this.baseRaw('survey.yaml')[list] ?? []) as Record<string, unknown>[]).find((x) => x['id'] === id);
    return base ? { value: structuredClone(base), index: -1 } : null;
  }

  private putListEntry(list: 'scales', value: Record<string, unknown>, index: number): void {
    const doc = this.doc('survey');
    let seq = doc.get(list) as YAMLSeq | undefined;
    if (!isSeq(seq)) {
      seq = doc.createNode([]) as YAMLSeq;
      doc.set(list, seq);
    }
    const node = doc.createNode(value) as YAMLMap;
    // A scale's points one per line, each a compact map, as the base survey writes them.
    for (const pair of node.items) if (isSeq(pair.value)) for (const item of pair.value.items) if (isMap(item)) item.flow = true;
    if (index >= 0) seq.items[index] = node;
    else seq.items.push(node);
  }

  private dropEntry(kind: 'questions' | 'survey', id: string): void {
    const doc = this.doc(kind);
    const seq = doc.get(kind === 'questions' ? 'questions' : 'items') as YAMLSeq | undefined;
    if (isSeq(seq)) seq.items = seq.items.filter((i) => !(isMap(i) && i.get('id') === id));
  }
}

function unitPlain(u: Unit): string {
  if (u.kind === 'para') return runsText(u.para.runs);
  if (u.kind === 'quote') return u.paras.map((p) => runsText(p.runs)).join(' ');
  if (u.kind === 'visual') return visualParas(u.visual).map((p) => runsText(p.runs)).join(' ');
  if (u.kind === 'kept') return '';
  return [u.header, ...u.rows].map((r) => r.map(runsText).join(', ')).join('. ');
}

function plainFirstLine(units: Unit[]): string {
  const first = units[0] ? unitPlain(units[0]).split('\n')[0]!.trim() : '';
  return first.length > 60 ? `${first.slice(0, 59)}…` : first;
}

/**
 * A workbook cell's text as Markdown: paragraphs (lines) whose plain text is unchanged keep
 * their source Markdown, the others are escaped text with placeholders put back.
 */
export function plainToMarkdown(text: string, original: string, org: OrgValues, inline = false): string {
  const used = placeholdersIn(original);
  const originals = original.split(/\n\s*\n/).map((md) => ({ md: md.trim(), plain: plainText(fillPlaceholders(md, org, 'text')) }));
  const paras = inline ? [text.replace(/\s*\n\s*/g, ' ')] : text.split('\n').map((p) => p.trim()).filter(Boolean);
  return paras
    .map((p) => originals.find((o) => o.plain === p)?.md ?? restorePlaceholders(p, org, used, (s) => escapeText(s)))
    .join('\n\n');
}

/** Plain text (survey items are not Markdown) with placeholders put back and literal braces escaped. */
function plainWithPlaceholders(text: string, org: OrgValues, used: Set<string>): string {
  return restorePlaceholders(text, org, used, (s) => s.replace(/\{\{/g, '\\{{'));
}

function restorePlaceholders(text: string, org: OrgValues, used: Set<string>, escape: (s: string) => string): string {
  const keys = [...used].filter((k) => org[k]).sort((a, b) => org[b]!.length - org[a]!.length);
  let s = text;
  keys.forEach((k, i) => (s = s.split(org[k]!).join(String.fromCharCode(0xe000 + i))));
  return escape(s).replace(/[\ue000-\ue0ff]/g, (ch) => `{{org.${keys[ch.charCodeAt(0) - 0xe000]}}}`);
}
