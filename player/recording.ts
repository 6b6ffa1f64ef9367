import { h } from './dom.ts';
import type { Labeller } from './labels.ts';
import type { PlayerSlide } from './spec/course-data.ts';

/**
 * A slide's recorded narration: the `<audio>` that plays it, and its position as a slider with
 * the time beside it. Only the player of a course with recordings carries this module; the
 * build bundles every other player with player/recording-none.ts in its place
 * (build/player-bundle.ts), so a text-only package does not grow by it. What it returns is
 * player/narration.ts's NarrationActions and the row to show, spelled out: narration.ts imports
 * this module, and this one imports nothing of it.
 */
export function recordingControls(
  t: Labeller,
  recorded: NonNullable<PlayerSlide['audio']>,
  setPlaying: (playing: boolean) => void,
): { track: HTMLElement; begin(): void; pause(): void; halt(): void; setRate(rate: number): void } {
  let total = recorded.seconds;
  const showTime = () => {
    const text = `${clock(media.currentTime)} / ${clock(total)}`;
    time.textContent = text;
    seek.setAttribute('aria-valuetext', text);
    seek.value = String(media.currentTime);
  };
  const media: HTMLAudioElement = h(
    'audio',
    {
      preload: 'metadata',
      onloadedmetadata: () => {
        if (Number.isFinite(media.duration)) seek.max = String((total = media.duration));
        showTime();
      },
      ontimeupdate: showTime,
      onplay: () => setPlaying(true),
      onpause: () => setPlaying(false),
    },
    h('source', { src: recorded.src, type: recorded.type }),
  );
  const seek: HTMLInputElement = h('input', {
    type: 'range',
    class: 'narration-seek',
    min: 0,
    max: total,
    step: 1,
    value: 0,
    'aria-label': t('narrationPosition'),
    oninput: () => (media.currentTime = Number(seek.value)),
  });
  const time = h('span', { class: 'narration-time', 'aria-hidden': 'true' });
  showTime();
  return {
    // An <audio> without `controls` is not rendered: it can sit anywhere in the row.
    track: h('span', { class: 'narration-track' }, seek, time, media),
    begin: () => void media.play().catch(() => setPlaying(false)),
    pause: () => media.pause(),
    halt: () => {
      media.pause();
      media.currentTime = 0;
    },
    // Loading resets `playbackRate` to `defaultPlaybackRate`: set both.
    setRate: (rate) => (media.defaultPlaybackRate = media.playbackRate = rate),
  };
}

function clock(seconds: number): string {
  const s = Math.floor(seconds || 0);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}
