/**
 * Stands in for player/recording.ts in the player of a course without recorded narration: the
 * build swaps it in (build/player-bundle.ts), so that package carries none of the recording's
 * code, and a slide is read aloud instead.
 */
export const recordingControls = null;
