/**
 * The course's Markdown dialect, in one place: GitHub-flavoured Markdown, lesson files of
 * front matter and `## Title {#id}` slides, and `::: name` container blocks (the narration).
 *
 * - reading: `lexMarkdown` (tokens, each with its `raw`), `readLesson` (a lesson's shape with
 *   offsets), `containerKinds` (the blocks there are: add a block there);
 * - writing: `renderHtml` / `renderInlineHtml` for the player, `slideBlocks` for the
 *   manuscripts, `plainText` / `plainParagraphs` wherever formatting cannot show, and
 *   Markdown itself (`visualMarkdown`, `parasMarkdown`: write.ts) for the importer;
 * - what may reach a learner: raw HTML is text (`renderHtml` escapes it, `slideBlocks` keeps
 *   it as written), links and images point only where `linkTarget` / `imageSource` allow;
 * - East Asian width: `displayWidth`, `charWidth`, `isWide`, `breakPieces`.
 */
export { type Block, inlineRuns, loneImage, type Para, type Run, slideBlocks, textParas, visualParas } from './blocks.ts';
export { type HtmlContext, htmlContext } from './html-context.ts';
export { type CaseLine, type CompareColumn, dropChars, type IconUse, isVisualKind, leadingIcon, readVisual, type ReadVisual, type Stat, type StatValue, statValueText, type Step, type VisualBlock, type VisualKind, visualKinds, visualLimits, type VisualProblem } from './visual.ts';
export { type ContainerKind, containerKinds, type ContainerToken, isContainer } from './containers.ts';
export { decodeEntities } from './entities.ts';
export { isHtmlComment, lexMarkdown, markdown, type Placed, placeChildren, placeTokens, renderHtml, renderInlineHtml } from './dialect.ts';
export { type LessonSource, readLesson, type SlidePart, type SlideSource, type Span } from './lesson.ts';
export { plainParagraphs, plainText, runsText } from './plain.ts';
export { imageSource, linkTarget, type TargetOptions } from './urls.ts';
export { breakPieces, charWidth, displayWidth, isWide, type WidthOptions } from './width.ts';
export { escapeMarkdown, type InlineOptions, inlineMarkdown, parasMarkdown, type Verbatim, visualMarkdown, type VisualWriteOptions, type WriteOptions } from './write.ts';
