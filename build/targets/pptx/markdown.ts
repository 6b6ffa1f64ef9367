/**
 * The slide model the manuscript is drawn from (text, tables, block quotes of styled runs) is
 * the course's Markdown read into blocks, which the importer shares; it lives with the dialect.
 */
export { type Block, type Para, plainParagraphs, type Run, runsText, slideBlocks } from '../../markdown/index.ts';
