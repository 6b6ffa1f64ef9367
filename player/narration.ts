import { h } from './dom.ts';
import type { Labeller } from './labels.ts';
import { recordingControls } from './recording.ts';
import type { PlayerSlide } from './spec/course-data.ts';
import { NARRATION_RATES, type NarrationPrefs } from './state.ts';

/**
 * Narration the learner can hear. A slide whose package holds a recording plays it; any other
 * slide with narration is read aloud by the browser's speech synthesis, one utterance per
 * sentence, so that the highlight in the transcript follows `onstart`/`onend` (`onboundary` is
 * not fired by every voice). Only a voice of the device itself (`localService`) is used: a
 * network voice would send the narration to a third party.
 */
export class Narrator {
  /** The device's voice for the course language; undefined while the browser is still listing its voices. */
  voice: SpeechSynthesisVoice | null | undefined;
  /** Told when `voice` becomes known: the slide on show then offers read-aloud or says there is none. */
  onVoice: (() => void) | null = null;
  /** Pauses what the slide on show plays; its controls set it. */
  private pauseShown: () => void = () => {};
  /** Bumped by every start and stop: the callbacks of utterances from before then do nothing. */
  private run = 0;
  private readonly synth = typeof speechSynthesis === 'object' && typeof SpeechSynthesisUtterance === 'function' ? speechSynthesis : null;

  constructor(lang: string) {
    const synth = this.synth;
    if (!synth) {
      this.voice = null;
      return;
    }
    const look = (final: boolean) => {
      const v = localVoice(synth.getVoices(), lang);
      if ((v || final) && v !== this.voice) {
        this.voice = v;
        this.onVoice?.();
      }
    };
    look(false);
    synth.addEventListener('voiceschanged', () => look(true));
    // A browser with no voices at all may never fire `voiceschanged`: after a moment, none is none.
    setTimeout(() => this.voice === undefined && look(true), 1500);
  }

  /** Reads `sentences` from `from` on; `at` hears each one's index as it starts, then null once all are read. */
  speak(sentences: string[], from: number, rate: () => number, at: (i: number | null) => void): void {
    this.quiet();
    const run = this.run;
    const voice = this.voice!;
    const say = (i: number): void => {
      if (run !== this.run) return;
      if (i >= sentences.length) return at(null);
      const u = new SpeechSynthesisUtterance(sentences[i]);
      u.voice = voice;
      u.lang = voice.lang;
      u.rate = rate();
      u.onstart = () => run === this.run && at(i);
      u.onend = () => say(i + 1);
      u.onerror = () => {
        if (run !== this.run) return;
        this.quiet();
        at(null);
      };
      this.synth!.speak(u);
    };
    say(from);
  }

  /** Stops speaking at once. */
  quiet(): void {
    this.run++;
    this.synth?.cancel();
  }

  /** Pauses the slide on show: the page is hidden, or another screen replaces it. */
  pause(): void {
    this.pauseShown();
    this.quiet();
  }

  /** The controls of the slide on show say how to pause it. */
  showing(pause: () => void): void {
    this.pauseShown = pause;
  }
}

/** The language of a voice or a course: `ja` of `ja-JP`, `ja_JP` or `JA`. */
const language = (tag: string) => tag.toLowerCase().split(/[-_]/)[0];

/** A voice of this device for the language (`ja` or `ja-JP`: the language decides), its usual region (ja-JP, en-US) first. */
export function localVoice(voices: SpeechSynthesisVoice[], lang: string): SpeechSynthesisVoice | null {
  const fit = voices.filter((v) => v.localService && language(v.lang) === language(lang));
  return fit.find((v) => /^(ja.jp|en.us)$/i.test(v.lang)) ?? fit[0] ?? null;
}

// A piece of text up to the end of a sentence (group 1), or to the end of the text. Japanese
// sentences end at 。！？ (a closing bracket stays with its sentence); English ones at . ! ?
// before a space and a capital (or the end), so that 1.5, a URL or "etc. towards" is not cut.
const JA_PIECE = /[^]*?([。！？!?]+[」』）)]*\s*|$)/g;
const EN_PIECE = /[^]*?([.!?]+["'”’)\]]*(?:\s+(?=[A-Z"“‘'(\[])|\s*$)|$)/g;
const BLOCK = /^(P|LI|H[1-6]|BLOCKQUOTE|DD|DT|TD|TH|DIV)$/;

/**
 * Wraps each sentence of the transcript in `<span class="sentence" data-s="n">` (a sentence that
 * crosses an inline element gets one span per piece, same n) and returns the sentences' text.
 * A block (a paragraph, a list item) always starts a new sentence.
 */
export function markSentences(root: HTMLElement, lang: string): string[] {
  const pieces = language(lang) === 'ja' ? JA_PIECE : EN_PIECE;
  const sentences: string[] = [];
  let open = false;
  const walk = (node: Node): void => {
    for (const child of Array.from(node.childNodes)) {
      if (child instanceof Text) {
        const frag = document.createDocumentFragment();
        for (const [piece, end] of child.data.matchAll(pieces)) {
          // The spaces around a sentence are read with it but not marked.
          const [, lead, body, trail] = /^(\s*)([^]*?)(\s*)$/.exec(piece)!;
          if (body && !open) sentences.push('');
          if (body || open) sentences[sentences.length - 1] += piece;
          frag.append(lead!, body ? h('span', { class: 'sentence', 'data-s': sentences.length - 1 }, body) : '', trail!);
          if (body) open = !end;
        }
        child.replaceWith(frag);
      } else if (child instanceof Element) {
        open &&= !BLOCK.test(child.nodeName);
        walk(child);
        open &&= !BLOCK.test(child.nodeName);
      }
    }
  };
  walk(root);
  return sentences.map((s) => s.trim());
}

export interface NarrationView {
  slide: PlayerSlide;
  lang: string;
  prefs: NarrationPrefs;
  /** The transcript panel, whose sentences read-aloud highlights; null when the slide has no narration text. */
  transcript: HTMLElement | null;
}

/** What the buttons and the speed do, for a recording (player/recording.ts) or for read-aloud. */
export interface NarrationActions {
  begin(): void;
  pause(): void;
  halt(): void;
  setRate(rate: number): void;
}

/**
 * The slide's narration controls: play/pause (`aria-pressed`), stop, speed, "play when a slide
 * opens", and for a recording its position. Null when there is nothing to hear. The sentence
 * being read is marked by a class only: a live region would talk over the voice and the
 * learner's screen reader alike.
 */
export function narrationControls(
  t: Labeller,
  v: NarrationView,
  narrator: Narrator,
  setPrefs: (p: Partial<NarrationPrefs>) => void,
): HTMLElement | null {
  const { slide, transcript } = v;
  let playing = false;
  const setPlaying = (p: boolean) => {
    playing = p;
    play.setAttribute('aria-pressed', String(p));
  };
  // The player of a course without recordings has no `recordingControls` (player/recording-none.ts).
  const recording = slide.audio && recordingControls ? recordingControls(t, slide.audio, setPlaying) : null;
  if (!recording && !transcript) return null;
  let rate = v.prefs.rate;
  const box = h('div', { class: 'narration', role: 'group', 'aria-label': t('narration') });
  // Their icons are drawn by the stylesheet (::before), which a screen reader does not read.
  const play = h('button', { type: 'button', class: 'narration-play', 'aria-pressed': 'false', onclick: () => (playing ? act.pause() : act.begin()) }, t(recording ? 'playAudio' : 'readAloud'));
  const stop = h('button', { type: 'button', class: 'narration-stop', onclick: () => act.halt() }, t('stopNarration'));
  const speed: HTMLSelectElement = h(
    'select',
    {
      class: 'narration-rate',
      onchange: () => {
        rate = Number(speed.value);
        setPrefs({ rate });
        act.setRate(rate);
      },
    },
    NARRATION_RATES.map((r) => h('option', { value: r, selected: r === rate }, `${r}×`)),
  );
  const auto: HTMLInputElement = h('input', { type: 'checkbox', checked: v.prefs.auto, onchange: () => setPrefs({ auto: auto.checked }) });
  const settings = [
    h('label', null, t('narrationSpeed'), ' ', speed),
    h('label', { class: 'narration-auto' }, auto, t('autoNarration')),
  ];

  let act: NarrationActions;
  if (recording) {
    recording.setRate(rate);
    box.append(play, stop, recording.track, ...settings);
    act = recording;
  } else {
    const sentences = markSentences(transcript!, v.lang);
    let index = 0;
    const mark = (i: number | null) => {
      for (const el of Array.from(transcript!.querySelectorAll<HTMLElement>('.sentence'))) el.classList.toggle('speaking', el.dataset['s'] === String(i));
    };
    const pause = () => {
      narrator.quiet();
      setPlaying(false);
    };
    act = {
      begin: () => {
        setPlaying(true);
        narrator.speak(sentences, index, () => rate, (i) => {
          if (i === null) {
            setPlaying(false);
            index = 0;
          } else index = i;
          mark(i);
        });
      },
      pause,
      halt: () => {
        pause();
        index = 0;
        mark(null);
      },
      // Each sentence takes the speed when it starts.
      setRate: () => {},
    };
    // The voices may be listed only after the slide is shown: until then the box stays empty.
    const fill = () => {
      if (narrator.voice === undefined) return;
      box.textContent = '';
      if (narrator.voice) box.append(play, stop, ...settings);
      else box.append(h('span', { class: 'narration-none meta' }, t('noVoice')));
    };
    narrator.onVoice = () => {
      fill();
      if (narrator.voice && v.prefs.auto && box.isConnected && !playing) act.begin();
    };
    fill();
  }
  narrator.showing(() => act.pause());
  // "Play when a slide opens": once the screen is in the page (the app replaces the old one first).
  if (v.prefs.auto && (recording || narrator.voice)) queueMicrotask(() => box.isConnected && act.begin());
  return box;
}
