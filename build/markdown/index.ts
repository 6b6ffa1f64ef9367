/**
 * The course's Markdown dialect, in one place: GitHub-flavoured Markdown, lesson files of
 * front matter and `## Title {#id}` slides, and `::: name` container blocks (the narration).
 *
 * - reading: `lexMarkdown` (tokens, each with its `raw`), `readLesson` (a lesson's shape with
 *   offsets), `containerKinds` (the blocks there are: add a block there);
 * - writing: `renderHtml` / `renderInlineHtml` for the player, `slideBlocks` for the
 *   manuscripts, `plainText` / `plainParagraphs` wherever formatting cannot show;
 * - what may reach a learner: raw HTML is text (`renderHtml` escapes it, `slideBlocks` keeps
 *   it as written), links and images point only where `linkTarget` / `imageSource` allow;
 * - East Asian width: `displayWidth`, `charWidth`, `isWide`, `breakPieces`.
 */
export { type Block, type Para, type Run, slideBlocks } from './blocks.ts';
export { type ContainerKind, containerKinds, type ContainerToken, isContainer } from './containers.ts';
export { decodeEntities } from './entities.ts';
export { isHtmlComment, lexMarkdown, markdown, type Placed, placeChildren, placeTokens, renderHtml, renderInlineHtml } from './dialect.ts';
export { type LessonSource, readLesson, type SlidePart, type SlideSource, type Span } from './lesson.ts';
export { plainParagraphs, plainText, runsText } from './plain.ts';
export { imageSource, linkTarget, type TargetOptions } from './urls.ts';
export { breakPieces, charWidth, displayWidth, isWide, type WidthOptions } from './width.ts';
