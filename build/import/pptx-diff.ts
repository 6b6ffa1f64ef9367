/**
 * What a customer changed in a PowerPoint manuscript: the slides of the edited file matched
 * to the slides of the same manuscript as the build makes it from the course it came from,
 * by their stable ids (see `identify`), then compared as a person sees them (blocks.ts).
 */
import type { Course, Lang } from '../model.ts';
import type { Deck, PlannedSlide } from '../targets/pptx/deck.ts';
import { labels as pptxLabels } from '../targets/pptx/labels.ts';
import { runsText } from '../markdown/index.ts';
import { sameUnits, type Unit, unitsOf, unitText } from './blocks.ts';
import type { ImportReport } from './report.ts';
import type { DeckSlide, ReadDeck } from './pptx-read.ts';

/** A lesson slide of the course whose title, body or notes the customer changed. */
export interface SlideEdit {
  lessonId: string;
  slideId: string;
  /** Position in the edited file. */
  number: number;
  title: string | null;
  units: Unit[] | null;
  notes: string[] | null;
  /** Formatting on the slide the sources cannot hold. */
  lost: string[];
}

/** A slide the customer added (or duplicated), placed in the lesson it sits in. */
export interface AddedSlide {
  lessonId: string;
  slideId: string;
  number: number;
  title: string;
  units: Unit[];
  notes: string[];
  duplicateOf: string | null;
  lost: string[];
}

export interface DeckChanges {
  lang: Lang;
  edits: SlideEdit[];
  added: AddedSlide[];
  /** `<lesson>/<slide>` of slides no longer in the file. */
  removedSlides: string[];
  removedLessons: string[];
  /** The lesson's slide ids in their new order (added ones included), for lessons whose order or content changed. */
  order: Map<string, string[]>;
  /** Lessons whose slides the customer put in another order. */
  reordered: string[];
  lessonTitles: Map<string, string>;
  courseTitle: string | null;
  description: string | null;
  /** Organisation values changed on the title and closing slides. */
  organisation: Map<string, string>;
}

const MAX_ID = 40;

/** The deck the build makes, with the view of each of its slides read back from its file. */
export interface BaselineDeck {
  deck: Deck;
  read: ReadDeck;
}

interface Identified {
  slide: DeckSlide;
  id: string | null;
}

/**
 * The id a slide carries. The slide name survives programmatic edits and PowerPoint; the
 * notes marker survives LibreOffice too (it drops slide names). When both are there and
 * disagree, the name wins: notes are copied between slides more easily than names are.
 */
function identify(slides: DeckSlide[], known: Set<string>, report: ImportReport): Identified[] {
  return slides.map((slide) => {
    const name = slide.name && known.has(slide.name) ? slide.name : null;
    const marker = slide.marker && known.has(slide.marker) ? slide.marker : null;
    if (name && marker && name !== marker) {
      report.report('ConflictingSlideId', `Slide ${slide.number} is named "${name}" but its notes end with the marker of "${marker}"; it is read as "${name}".`);
    }
    const id = name ?? marker;
    if (!id) {
      const claimed = slide.marker ?? (slide.name && /^[a-z_][a-z0-9_]*(\/[a-z0-9_]+)?$/.test(slide.name) ? slide.name : null);
      if (claimed) report.report('UnknownSlideId', `Slide ${slide.number} carries the id "${claimed}", which the course does not have; it is read as an added slide.`);
    }
    return { slide, id };
  });
}

/** A slide as a person would name it: its title, or its first line of text. */
function label(slide: DeckSlide): string {
  const first = unitsOf(slide.blocks)[0];
  const text = slide.title || (first ? unitText(first) : '');
  return text ? `"${text.length > 40 ? `${text.slice(0, 39)}…` : text}"` : 'untitled';
}

function sameTitle(a: string, b: string): boolean {
  return a.replace(/\s+/g, ' ').trim() === b.replace(/\s+/g, ' ').trim();
}

function sameNotes(a: string[], b: string[]): boolean {
  const norm = (x: string[]) => x.map((p) => p.replace(/[ \t]+/g, ' ').trim()).filter(Boolean);
  const na = norm(a);
  const nb = norm(b);
  return na.length === nb.length && na.every((p, i) => p === nb[i]);
}

function newSlideId(prev: string | null, taken: Set<string>): string {
  const stem = `${(prev ?? 'start').slice(0, MAX_ID - 8)}_added`;
  let id = stem;
  for (let n = 2; taken.has(id); n++) id = `${stem}_${n}`;
  taken.add(id);
  return id;
}

export function diffDeck(course: Course, lang: Lang, baseline: BaselineDeck, edited: ReadDeck, report: ImportReport): DeckChanges {
  const planned = new Map<string, PlannedSlide>(baseline.deck.slides.map((s) => [s.id, s]));
  const base = new Map<string, DeckSlide>();
  baseline.read.slides.forEach((s, i) => base.set(baseline.deck.slides[i]!.id, s));
  const changes: DeckChanges = {
    lang,
    edits: [],
    added: [],
    removedSlides: [],
    removedLessons: [],
    order: new Map(),
    reordered: [],
    lessonTitles: new Map(),
    courseTitle: null,
    description: null,
    organisation: new Map(),
  };
  const ids = identify(edited.slides, new Set(planned.keys()), report);

  // A duplicated slide carries its original's id: the copy that still matches the original
  // (or else the first) keeps it, the others are added slides.
  const byId = new Map<string, Identified[]>();
  for (const x of ids) if (x.id) byId.set(x.id, [...(byId.get(x.id) ?? []), x]);
  const duplicateOf = new Map<Identified, string>();
  for (const [id, group] of byId) {
    if (group.length < 2) continue;
    const b = base.get(id)!;
    const keeper = group.find((g) => sameTitle(g.slide.title, b.title) && sameUnits(unitsOf(g.slide.blocks), unitsOf(b.blocks)) && sameNotes(g.slide.notes, b.notes)) ?? group[0]!;
    for (const g of group) {
      if (g === keeper) continue;
      duplicateOf.set(g, id);
      g.id = null;
    }
  }

  const allFeatures = new Set<string>();
  for (const [id, s] of base) if (planned.get(id)!.master === 'CONTENT') for (const f of s.features) allFeatures.add(f);
  const lostOn = (slide: DeckSlide, against: Set<string>) => [...slide.features].filter((f) => !against.has(f)).sort();
  // What the slide only shows (a statistic's chart, a picture) and the customer changed all the same.
  const shownChanged = (slide: DeckSlide, against: DeckSlide | undefined) => [
    ...new Set([...slide.shown].filter(([name, s]) => {
      const was = against?.shown.get(name);
      return was !== undefined && was.digest !== s.digest;
    }).map(([, s]) => s.change)),
  ];

  // Walk the edited deck in order, keeping track of the lesson each stretch of slides belongs to.
  const lessonIds = course.lessons.map((l) => l.id);
  const seq = new Map<string, { slideId: string | null; x: Identified }[]>(lessonIds.map((l) => [l, []]));
  let region: string | null = null;
  const present = new Set<string>();
  for (const x of ids) {
    const { slide, id } = x;
    if (!id) {
      if (!region) {
        report.report('SlideOutsideLessons', `Slide ${slide.number} (${label(slide)}) has no id and sits outside the lessons (before the first lesson or after the last); it is not imported.`);
        continue;
      }
      seq.get(region)!.push({ slideId: null, x });
      continue;
    }
    present.add(id);
    const p = planned.get(id)!;
    if (id === '_title' || id === '_agenda') region = null;
    else if (id === '_closing' || id === '_appendix' || id.startsWith('_test/') || id === '_survey' || id.startsWith('_survey/')) region = null;
    else if (p.lessonId) {
      region = p.lessonId;
      if (p.slideId && p.slideId !== 'sources' && p.master === 'CONTENT') seq.get(p.lessonId)!.push({ slideId: p.slideId, x });
    }
  }

  for (const lesson of course.lessons) {
    const contentIds = lesson.slides.map((s) => `${lesson.id}/${s.id}`);
    const kept = contentIds.filter((id) => present.has(id));
    const items = seq.get(lesson.id)!;
    if (kept.length === 0) {
      changes.removedLessons.push(lesson.id);
      const strays = items.filter((i) => i.slideId === null);
      if (strays.length) report.report('SlideOutsideLessons', `Slides ${strays.map((s) => s.x.slide.number).join(', ')} were added to the lesson "${lesson.id}", whose own slides were all deleted; the lesson is removed and they are not imported.`);
      continue;
    }
    for (const id of contentIds) if (!present.has(id)) changes.removedSlides.push(id);

    const taken = new Set(lesson.slides.map((s) => s.id));
    const order: string[] = [];
    let prev: string | null = null;
    for (const item of items) {
      const { slide } = item.x;
      if (item.slideId) {
        order.push(item.slideId);
        prev = item.slideId;
        const id = `${lesson.id}/${item.slideId}`;
        const b = base.get(id)!;
        const units = unitsOf(slide.blocks);
        const edit: SlideEdit = {
          lessonId: lesson.id,
          slideId: item.slideId,
          number: slide.number,
          title: sameTitle(slide.title, b.title) ? null : slide.title.trim(),
          units: sameUnits(units, unitsOf(b.blocks)) ? null : units,
          notes: sameNotes(slide.notes, b.notes) ? null : slide.notes,
          lost: [...lostOn(slide, b.features), ...shownChanged(slide, b)],
        };
        if (edit.title === '') {
          report.report('EmptySlideTitle', `Slide ${slide.number} (${id}) has no title any more; its title is kept.`);
          edit.title = null;
        }
        if (edit.units && edit.units.length === 0) {
          report.report('EmptySlideBody', `Slide ${slide.number} (${id}) has no text any more; its on-screen text is kept. To drop the slide, delete it.`);
          edit.units = null;
        }
        if (edit.title !== null || edit.units || edit.notes || edit.lost.length) changes.edits.push(edit);
        continue;
      }
      const slideId = newSlideId(prev, taken);
      order.push(slideId);
      prev = slideId;
      changes.added.push({
        lessonId: lesson.id,
        slideId,
        number: slide.number,
        title: slide.title.trim(),
        units: unitsOf(slide.blocks),
        notes: slide.notes,
        duplicateOf: duplicateOf.get(item.x) ?? null,
        lost: [...lostOn(slide, allFeatures), ...shownChanged(slide, base.get(duplicateOf.get(item.x) ?? ''))],
      });
    }
    const keptOrder = order.filter((id) => lesson.slides.some((s) => s.id === id));
    const baseOrder = lesson.slides.map((s) => s.id).filter((id) => keptOrder.includes(id));
    if (keptOrder.join() !== baseOrder.join()) changes.reordered.push(lesson.id);
    if (changes.reordered.includes(lesson.id) || changes.added.some((a) => a.lessonId === lesson.id)) changes.order.set(lesson.id, order);
  }

  generatedSlides(course, lang, baseline, ids, base, changes, report);
  return changes;
}

/** Title, section and closing slides: what maps to the sources, and what is only reported. */
function generatedSlides(course: Course, lang: Lang, baseline: BaselineDeck, ids: Identified[], base: Map<string, DeckSlide>, changes: DeckChanges, report: ImportReport): void {
  const l = pptxLabels(course, lang);
  const ignoredEdits: string[] = [];
  const ignoredDeletes: string[] = [];
  const seen = new Set<string>();
  for (const { slide, id } of ids) {
    if (!id) continue;
    const p = baseline.deck.slides.find((s) => s.id === id)!;
    if (p.master === 'CONTENT' && p.lessonId && p.slideId !== 'sources') continue;
    seen.add(id);
    const b = base.get(id)!;
    const units = unitsOf(slide.blocks);
    const baseUnits = unitsOf(b.blocks);
    const titleChanged = !sameTitle(slide.title, b.title);
    const bodyChanged = !sameUnits(units, baseUnits);
    const notesChanged = !sameNotes(slide.notes, b.notes);
    const unmapped: string[] = [];
    if (id === '_title') {
      if (titleChanged && slide.title.trim()) changes.courseTitle = slide.title.trim();
      // The notes open with the description; the build's talking points after it (the study time) are not part of it.
      const added = new Set(b.notes.slice(1));
      const description = slide.notes.filter((n) => !added.has(n));
      if (notesChanged && description.length && !sameNotes(description, b.notes.slice(0, 1))) changes.description = description.join('\n\n');
      if (bodyChanged) {
        // The title slide shows the study time, then the company name.
        const org = units[1];
        if (units.length === baseUnits.length && baseUnits.length === 2 && org?.kind === 'para' && sameUnits([units[0]!], [baseUnits[0]!])) {
          changes.organisation.set('companyName', runsText(org.para.runs).trim());
        } else unmapped.push('the study time or the layout of the title slide');
      }
    } else if (id === '_closing') {
      if (titleChanged) unmapped.push('its title');
      const card = units.find((u): u is Extract<Unit, { kind: 'quote' }> => u.kind === 'quote');
      const baseCard = baseUnits.find((u): u is Extract<Unit, { kind: 'quote' }> => u.kind === 'quote');
      const keys: [string, string][] = [
        [l.get('consultationDesk'), 'consultationDesk'],
        [l.get('consultationContact'), 'consultationContact'],
        [l.get('policy'), 'policyName'],
      ];
      if (card && baseCard) {
        const valueAfter = (paras: typeof card.paras, label: string) => {
          const i = paras.findIndex((p) => runsText(p.runs).trim() === label);
          return i >= 0 && paras[i + 1] ? runsText(paras[i + 1]!.runs).trim() : null;
        };
        for (const [label, key] of keys) {
          const now = valueAfter(card.paras, label);
          const was = valueAfter(baseCard.paras, label);
          if (now !== null && was !== null && now !== was) changes.organisation.set(key, now);
          else if (now === null && was !== null) unmapped.push(`the "${label}" entry (keep its label to change its value)`);
        }
      } else if (bodyChanged) unmapped.push('the consultation card');
      const rest = (u: Unit[]) => u.filter((x) => x.kind !== 'quote');
      if (!sameUnits(rest(units), rest(baseUnits))) unmapped.push('the closing words (they are made from course.yaml)');
    } else if (p.master === 'SECTION' && p.lessonId) {
      if (titleChanged && slide.title.trim()) changes.lessonTitles.set(p.lessonId, slide.title.trim());
      if (bodyChanged) unmapped.push('the lesson number or study time');
    } else if (titleChanged || bodyChanged || notesChanged) {
      unmapped.push(
        id.startsWith('_test/')
          ? 'the question (edit questions in the confirmation test workbook)'
          : id.startsWith('_survey/')
            ? 'the survey items (edit them in the awareness survey workbook)'
            : 'its content (the build makes this slide)',
      );
    }
    const lost = [...slide.features].filter((f) => !b.features.has(f));
    if (unmapped.length || lost.length) ignoredEdits.push(`slide ${slide.number} (${id}): ${[...unmapped, ...lost].join('; ')}`);
  }
  for (const p of baseline.deck.slides) {
    const isLessonSlide = p.master === 'CONTENT' && p.lessonId && p.slideId !== 'sources';
    if (!isLessonSlide && !seen.has(p.id) && !changes.removedLessons.includes(p.lessonId ?? '')) ignoredDeletes.push(p.id);
  }
  for (const e of ignoredEdits) report.report('GeneratedSlideEdited', `Edits on a slide the build makes are not imported: ${e}.`);
  if (ignoredDeletes.length) {
    report.note(`Deleted slides the build makes are made again: ${ignoredDeletes.length > 6 ? `${ignoredDeletes.slice(0, 6).join(', ')} and ${ignoredDeletes.length - 6} more` : ignoredDeletes.join(', ')}.`);
  }
}
