/**
 * PowerPoint manuscript: `<course-id>-<lang>-manuscript.pptx`, a deck a trainer can present and
 * a customer can edit. Title, agenda, a section slide per lesson, one slide per lesson slide
 * (its Markdown as real text: bullets, numbering, bold, tables; its visual blocks as native,
 * editable objects — process shapes, compare cards, speech-bubble callouts, figures and native
 * charts, key points, checklists, icons and pictures (visual.ts); the narration complete in the
 * speaker notes), each lesson's sources, a closing slide with where to
 * get help and the course's closing words, and a hidden appendix with the test bank for
 * trainers, each question showing its answer. Every slide has talking points in its notes;
 * organisation values still at the base course's default are highlighted for the customer.
 *
 * Every slide carries a stable id (see `PlannedSlide.id`) in two places that survive editing:
 * the slide's name (`<p:cSld name="…">`) and the last paragraph of its notes (`[slide: …]`).
 * Text that does not fit its layout even one font step smaller is reported by
 * `pptxOverflowWarnings` (the rule is in layout.ts).
 */
import { textFor } from '../../course/localize.ts';
import type { Course, Lang, SourcePos } from '../../model.ts';
import type { Target } from '../target.ts';
import { planDeck } from './deck.ts';
import { finishPackage } from './ooxml.ts';
import { renderDeck } from './render.ts';
import { palette } from './theme.ts';

export { planDeck, type Deck, type PlannedSlide } from './deck.ts';
export { idMarker } from './ooxml.ts';

export const pptx: Target = {
  name: 'pptx',
  async build(course, ctx) {
    const deck = planDeck(course, ctx.lang, ctx.localized);
    const pal = palette(course);
    const org = course.organisation['companyName'];
    const parts = await renderDeck(deck, pal, { author: `${course.id} ${course.version}`, company: org ? textFor(course, ctx.lang).text(org) : '', subject: ctx.localized.description });
    return [{ path: `${course.id}-${ctx.lang}-manuscript.pptx`, contents: finishPackage(parts, deck, pal) }];
  },
};

export interface PptxOverflowWarning {
  /** Stable id of the slide in the manuscript (`what_is/elements`, `_closing`, `_test/q_x`). */
  id: string;
  /** The lesson and slide the text comes from; null for slides the build makes up (title, closing…). */
  lessonId: string | null;
  slideId: string | null;
  /** Where to fix it: the slide's heading in its lesson file, or the question in questions.yaml. */
  pos: SourcePos | null;
  message: string;
}

/**
 * Slides whose text is estimated not to fit their layout even one font step smaller. Pure: the
 * same plan the target draws, so the lead can report these as diagnostics before building.
 */
export function pptxOverflowWarnings(course: Course, lang: Lang): PptxOverflowWarning[] {
  return planDeck(course, lang).slides.flatMap((s) => (s.overflow ? [{ id: s.id, lessonId: s.lessonId, slideId: s.slideId, pos: s.pos, message: s.overflow }] : []));
}
