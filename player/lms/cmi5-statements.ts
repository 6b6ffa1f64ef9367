/**
 * The statements a cmi5 AU sends, built as plain data: "cmi5 defined" ones (§9: initialized,
 * completed, passed, failed, terminated) and "cmi5 allowed" answers to survey items and test
 * questions (xAPI cmi.interaction activities). Same shapes as @xapi/cmi5 builds; ids and
 * timestamps come from the caller, so a statement is made once per event and never rebuilt.
 */
import type { Activity, Agent, Context, InteractionActivityDefinition, LanguageMap, Result, ResultScore, Statement } from '@xapi/xapi';
import type { PlayerCourse } from '../spec/course-data.ts';
import { itemOptions } from '../survey.ts';
import type { InteractionRecord } from './adapter.ts';
import { isoDuration } from './iso8601.ts';
import { CATEGORY_CMI5, CATEGORY_MOVE_ON, EXTENSIONS, INTERACTION_TYPE, VERBS, type DefinedVerb } from '../spec/cmi5.ts';

/** What every statement of one launch shares. */
export interface LaunchContext {
  actor: Agent;
  /** The AU's activity id from the launch URL: the object of every defined statement (§9.4). */
  activityId: string;
  registration: string;
  /** From LMS.LaunchData; used as the base of every statement's context, never overwritten (§10). */
  contextTemplate: Context;
  /** From LMS.LaunchData, when the LMS sets one. */
  masteryScore: number | undefined;
  /** Language of the course texts (RFC 5646), for language maps. */
  lang: string;
}

/** An event's identity: made once when the event happens, kept with the statement. */
export interface Stamp {
  id: string;
  /** ISO 8601 in UTC (§9.7). */
  timestamp: string;
}

/**
 * Stamps with strictly increasing timestamps: cmi5 orders statements by timestamp (§9.3), and
 * two events in the same millisecond (passed then completed) must not tie.
 */
export class Stamper {
  private last = 0;
  constructor(private readonly now: () => number = () => Date.now()) {}
  next(at?: number): Stamp {
    this.last = Math.max(at ?? this.now(), this.last + 1);
    return { id: uuid(), timestamp: new Date(this.last).toISOString() };
  }
}

/** A random (version 4) UUID. `crypto.randomUUID` needs a secure context; LMSs on plain http exist. */
export function uuid(): string {
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/**
 * The statement context: the LMS's template, with the registration and the given activities and
 * extensions added. Template values win (§10: the AU "MUST NOT overwrite any values provided in
 * the contextTemplate"); lists are extended, never replaced.
 */
export function contextFrom(template: Context, registration: string, extra: Context = {}): Context {
  const out = JSON.parse(JSON.stringify(template)) as Context;
  out.registration = registration;
  const lists = extra.contextActivities ?? {};
  for (const key of ['parent', 'grouping', 'category', 'other'] as const) {
    const add = lists[key];
    if (!add?.length) continue;
    const have = (out.contextActivities ??= {})[key] ?? [];
    out.contextActivities[key] = [...have, ...add.filter((a) => !have.some((h) => h.id === a.id))];
  }
  if (extra.extensions) out.extensions = { ...extra.extensions, ...out.extensions };
  return out;
}

/**
 * A "cmi5 defined" statement about the AU. `result` carries what §9.5 asks of each verb; the
 * moveOn category goes exactly on those whose result has `success` or `completion` (§9.6.2.2).
 */
export function definedStatement(launch: LaunchContext, verb: DefinedVerb, stamp: Stamp, result?: Result): Statement {
  const judged = result?.success !== undefined || result?.completion !== undefined;
  const extensions =
    (verb === 'passed' || verb === 'failed') && launch.masteryScore !== undefined ? { [EXTENSIONS.masteryScore]: launch.masteryScore } : undefined;
  const context = contextFrom(launch.contextTemplate, launch.registration, {
    contextActivities: { category: judged ? [CATEGORY_CMI5, CATEGORY_MOVE_ON] : [CATEGORY_CMI5] },
    ...(extensions ? { extensions } : {}),
  });
  return {
    id: stamp.id,
    actor: launch.actor,
    verb: VERBS[verb],
    object: { objectType: 'Activity', id: launch.activityId },
    ...(result ? { result } : {}),
    context,
    timestamp: stamp.timestamp,
  };
}

/**
 * §9.5.1: `scaled` always; `raw` must be an integer between `min` and `max`, so raw/min/max go
 * along only when the percentage is whole (a 2-decimal score such as 66.67 is sent as scaled only).
 */
export function scoreOf(percent: number): ResultScore {
  const p = Math.min(100, Math.max(0, percent));
  const scaled = Math.round(p * 100) / 10000;
  return Number.isInteger(p) ? { scaled, raw: p, min: 0, max: 100 } : { scaled };
}

/**
 * Texts and ids of the course that the interaction definitions name: each question's choices,
 * and the answers each survey item offers (a Likert item's scale with "don't know" when it
 * offers it, a choice item's options), so that a report reads a response id back as its label.
 */
export interface InteractionCatalog {
  lang: string;
  choices: Map<string, { id: string; text: string }[]>;
  survey: Map<string, { id: string; text: string }[]>;
}

export function interactionCatalog(course: PlayerCourse, toText: (html: string) => string): InteractionCatalog {
  return {
    lang: course.lang,
    choices: new Map(course.test.questions.map((q) => [q.id, q.choices.map((c) => ({ id: c.id, text: toText(c.html) }))])),
    survey: new Map(course.survey.items.map((it) => [it.id, itemOptions(course.survey, it).map((o) => ({ id: o.id, text: o.label }))])),
  };
}

/**
 * The interaction's activity: one per survey item and one per question, the same in every
 * attempt so that an LRS can report per question; ids follow @xapi/cmi5's
 * `<activityId>/test/<testId>/question/<questionId>`.
 */
export function interactionActivityId(activityId: string, recordId: string): string {
  const test = /^test\.a\d+\.(.+)$/.exec(recordId);
  const survey = /^survey\.(.+)$/.exec(recordId);
  const [testId, questionId] = test ? ['confirmation-test', test[1]!] : survey ? ['awareness-survey', survey[1]!] : ['other', recordId];
  return `${activityId}/test/${testId}/question/${encodeURIComponent(questionId)}`;
}

/**
 * The record id an interaction activity id stands for: the inverse of
 * `interactionActivityId` above (`<activityId>/test/<awareness-survey|confirmation-test>/question/<id>`).
 * A test question's id comes without its attempt (the activity is the same in every attempt),
 * so it is returned apart; null for any other activity.
 */
export function interactionOf(objectId: string): { kind: 'survey' | 'test'; id: string } | null {
  const m = /\/test\/(awareness-survey|confirmation-test)\/question\/([^/]+)$/.exec(objectId);
  if (!m) return null;
  let id: string;
  try {
    id = decodeURIComponent(m[2]!);
  } catch {
    return null;
  }
  return { kind: m[1] === 'awareness-survey' ? 'survey' : 'test', id };
}

/** A "cmi5 allowed" statement (§7.1.3): the context template, no cmi5 category, the AU as parent. */
export function answeredStatement(launch: LaunchContext, r: InteractionRecord, catalog: InteractionCatalog, stamp: Stamp): Statement {
  const lang = (text: string) => ({ [catalog.lang]: text }) as LanguageMap;
  const activity: Activity = { objectType: 'Activity', id: launch.activityId };
  const questionId = /^test\.a\d+\.(.+)$/.exec(r.id)?.[1];
  const itemId = /^survey\.(.+)$/.exec(r.id)?.[1];
  const offered = questionId ? catalog.choices.get(questionId) : itemId ? catalog.survey.get(itemId) : undefined;
  const components = offered?.map((c) => ({ id: c.id, description: lang(c.text) }));
  const definition = {
    type: INTERACTION_TYPE,
    interactionType: r.kind,
    name: lang(r.description),
    description: lang(r.description),
    // A response is an id; the definition says what each id is (xAPI's interaction components).
    ...(r.kind === 'choice' && components ? { choices: components } : {}),
    ...(r.kind === 'likert' && components ? { scale: components } : {}),
    ...(r.correct ? { correctResponsesPattern: [responseOf(r.kind, r.correct)] } : {}),
  } as InteractionActivityDefinition;
  return {
    id: stamp.id,
    actor: launch.actor,
    verb: VERBS.answered,
    object: { objectType: 'Activity', id: interactionActivityId(launch.activityId, r.id), definition },
    result: {
      response: responseOf(r.kind, r.response),
      ...(r.result === 'neutral' ? {} : { success: r.result === 'correct' }),
      duration: isoDuration(r.latencyMs),
    },
    context: contextFrom(launch.contextTemplate, launch.registration, { contextActivities: { parent: [activity] }, extensions: { [EXTENSIONS.recordId]: r.id } }),
    timestamp: stamp.timestamp,
  };
}

/**
 * xAPI response patterns (xAPI 1.0.3 §4.1.4.1 / SCORM 2004 RTE C.2.2): `[,]` separates choices;
 * a learner's free text is one fill-in answer, so a literal `[,]` in it is broken up.
 */
function responseOf(kind: InteractionRecord['kind'], values: string[]): string {
  if (kind === 'fill-in' || kind === 'long-fill-in') return values.join(' ').replace(/\[,\]/g, '[ ,]');
  return values.join('[,]');
}
