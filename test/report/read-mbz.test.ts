/**
 * Moodle backups (.mbz) with user data, read from the real backups of the cohort's two
 * activities and its course, against what each learner recorded (truth.json); and hostile or
 * broken archives, built here with a tiny tar writer, refused with a clear message.
 */
import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { zipSync } from 'fflate';
import { describe, expect, test } from 'vitest';
import { readMoodleBackup, type BackupSubmission } from '../../build/report/read/mbz.ts';
import { readInput } from '../../build/report/read/index.ts';
import { readInteractionsText } from '../../build/report/read/moodle-report.ts';
import { cohort, expectedAttempt, fixtureFile, inputError, surveyPart, truth, truthAttempts } from './moodle-truth.ts';

const backups = path.join(cohort, 'backup');
const backup = (name: string) => {
  const file = fs.readdirSync(backups).find((f) => f.includes(name))!;
  return { file, bytes: fs.readFileSync(path.join(backups, file)) };
};
const activity12 = backup('activity-17');
const activity2004 = backup('activity-18');
const course = backup('course-10');

function expectMatchesTruth(subs: BackupSubmission[], version: 'scorm12' | 'scorm2004') {
  const attempts = truthAttempts(version);
  // Every attempt the truth records, and nothing else: the learner who never started has no tracks.
  expect(subs.map((s) => `${s.learner.key}#${s.attempt}`)).toEqual(attempts.map((a) => `email:${truth.learners[a.learner]!.email}#${a.attempt}`));
  const separator = version === 'scorm12' ? '-' : '.';
  for (const [i, { learner, attempt }] of attempts.entries()) {
    const s = subs[i]!;
    const l = truth.learners[learner]!;
    const want = expectedAttempt(version, learner, attempt);
    expect(surveyPart(s), `${learner} attempt ${attempt}`).toEqual(want.survey.map(({ index, response }) => ({ index, response })));
    expect(s.answers.filter((a) => a.index < truth.items.length).map((a) => a.id)).toEqual(want.survey.map((w) => `survey${separator}${w.item}`));
    expect(s.answers.length - want.survey.length).toBe(want.testAnswers);
    expect(s.score).toBe(want.score);
    expect(s.learner).toMatchObject({ name: `${l.firstname} ${l.lastname}`, email: l.email });
    expect(s.format).toBe('moodle-backup');
  }
}

describe('a Moodle backup with user data', () => {
  test("reads the SCORM 1.2 activity's tracks: 13 attempts of 12 learners, as they recorded them", async () => {
    const subs = await readMoodleBackup(activity12.file, activity12.bytes);
    expect(subs).toHaveLength(13);
    expectMatchesTruth(subs, 'scorm12');
    expect(subs[0]!.activity).toEqual({ cmid: 17, name: 'カスハラ基礎 SCORM 1.2', version: 'SCORM_1.2' });
    expect(subs[0]!.at).toBe('2026-12-02T01:53:19.000Z');
    expect(subs[0]!.answers[17]).toEqual({ id: 'test-a1-q_rules_03', index: 17, response: 'f', result: 'correct' });
    // An activity backup holds no groups.
    expect(subs.every((s) => s.learner.groups.length === 0)).toBe(true);
  });

  test("reads the SCORM 2004 activity's tracks, which Moodle's own report leaves out", async () => {
    const subs = await readMoodleBackup(activity2004.file, activity2004.bytes);
    expect(subs).toHaveLength(13);
    expectMatchesTruth(subs, 'scorm2004');
    expect(subs[0]!.activity).toEqual({ cmid: 18, name: 'カスハラ基礎 SCORM 2004', version: 'SCORM_1.3' });
    expect(subs.find((s) => s.learner.key === 'email:cohort01@example.invalid')!.answers.find((a) => a.index === 15)!.response).toBe('Share the manual, please: "対応マニュアル" & a hotline\t(24h) <b>tags</b>');
  });

  test('reads both activities of the course backup, with each learner\'s group', async () => {
    const subs = await readMoodleBackup(course.file, course.bytes);
    expect(subs).toHaveLength(26);
    expectMatchesTruth(subs.filter((s) => s.activity.cmid === 17), 'scorm12');
    expectMatchesTruth(subs.filter((s) => s.activity.cmid === 18), 'scorm2004');
    for (const s of subs) {
      const learner = Object.values(truth.learners).find((l) => `email:${l.email}` === s.learner.key)!;
      expect(s.learner.groups).toEqual([learner.group_name]);
    }
    expect(subs.filter((s) => s.learner.groups[0] === '営業部 / Sales')).toHaveLength(14);
  });

  test("agrees with Moodle's 1.2 text report on every answer, id, result and score", async () => {
    const fromBackup = await readMoodleBackup(activity12.file, activity12.bytes);
    const { file, bytes } = fixtureFile(path.join(cohort, 'reports/scorm12/interactions-all-columns'), '.txt');
    const fromReport = readInteractionsText(file, bytes).filter((s) => !s.empty);
    expect(fromBackup.map((s) => [s.learner.key, s.attempt, s.score, s.answers])).toEqual(fromReport.map((s) => [s.learner.key, s.attempt, s.score, s.answers]));
  });

  test('is recognised by its content, whatever its name', async () => {
    const subs = await readInput('backup.bin', course.bytes);
    expect(subs).toHaveLength(26);
  });

  test('is read from the zip that older Moodle wrote too', async () => {
    const files = { 'moodle_backup.xml': new TextEncoder().encode(moodleBackupXml('1')), 'users.xml': new TextEncoder().encode(usersXml), 'activities/scorm_5/scorm.xml': new TextEncoder().encode(scormXml(tracks12)) };
    const subs = await readInput('old.mbz', zipSync(files));
    expect(subs.map((s) => [s.learner.key, s.learner.name, s.attempt, s.score, s.answers])).toEqual([
      ['email:old@example.invalid', 'Old Learner', 1, 80, [{ id: 'survey-a', index: 0, response: '4', result: 'neutral' }, { id: 'survey-b', index: 1, response: 'a & "b"', result: null }]],
    ]);
  });
});

// ── Hostile and broken backups ────────────────────────────────────────────────

interface TarEntry {
  name: string;
  data?: string;
  type?: string;
  link?: string;
}

/** A ustar archive: a header block per entry (name, size, type, checksum), the data padded to 512 bytes, two zero blocks. */
function tar(entries: TarEntry[]): Uint8Array {
  const blocks: Uint8Array[] = [];
  for (const e of entries) {
    const data = new TextEncoder().encode(e.data ?? '');
    const h = new Uint8Array(512);
    const put = (offset: number, s: string) => h.set(new TextEncoder().encode(s), offset);
    put(0, e.name);
    put(100, '0000644\0');
    put(108, '0000000\0');
    put(116, '0000000\0');
    put(124, `${data.length.toString(8).padStart(11, '0')}\0`);
    put(136, '00000000000\0');
    put(156, e.type ?? '0');
    if (e.link) put(157, e.link);
    put(257, 'ustar\0');
    put(263, '00');
    h.fill(0x20, 148, 156);
    const sum = h.reduce((a, b) => a + b, 0);
    put(148, `${sum.toString(8).padStart(6, '0')}\0 `);
    blocks.push(h, data, new Uint8Array((512 - (data.length % 512)) % 512));
  }
  blocks.push(new Uint8Array(1024));
  const out = new Uint8Array(blocks.reduce((n, b) => n + b.length, 0));
  let p = 0;
  for (const b of blocks) {
    out.set(b, p);
    p += b.length;
  }
  return out;
}

const moodleBackupXml = (users: string) => `<?xml version="1.0" encoding="UTF-8"?><moodle_backup><information><details><detail backup_id="x"><type>activity</type><format>moodle2</format></detail></details><settings><setting><level>root</level><name>users</name><value>${users}</value></setting></settings></information></moodle_backup>`;
const usersXml = '<?xml version="1.0" encoding="UTF-8"?><users><user id="7"><username>old</username><email>Old@example.invalid</email><firstname>Old</firstname><lastname>Learner</lastname></user></users>';
const track = (id: number, element: string, value: string) => `<sco_track id="${id}"><userid>7</userid><attempt>1</attempt><element>${element}</element><value>${value}</value><timemodified>1796176350</timemodified></sco_track>`;
const tracks12 = [
  track(1, 'cmi.interactions_0.id', 'survey-a'),
  track(2, 'cmi.interactions_0.student_response', '4'),
  track(3, 'cmi.interactions_0.result', 'neutral'),
  track(4, 'cmi.interactions_1.id', 'survey-b'),
  track(5, 'cmi.interactions_1.student_response', 'a &amp; &quot;b&quot;'),
  track(6, 'cmi.interactions_2.id', 'survey-c'),
  track(7, 'cmi.core.score.raw', '80'),
].join('');
const scormXml = (tracks: string) => `<?xml version="1.0" encoding="UTF-8"?><activity id="5" moduleid="5" modulename="scorm"><scorm id="5"><name>Old</name><version>SCORM_1.2</version><scoes><sco id="1"><sco_tracks>${tracks}</sco_tracks></sco></scoes></scorm></activity>`;

const mbz = (entries: TarEntry[]) => gzipSync(tar(entries));
const hint = 'In Moodle, back up the course or the SCORM activity with "Include enrolled users" ticked (user data), and give the .mbz file as Moodle wrote it.';

describe('a backup that cannot be trusted or read', () => {
  test('reads a well-formed hand-made backup (the writer below makes valid archives)', async () => {
    const subs = await readMoodleBackup('made.mbz', mbz([{ name: 'moodle_backup.xml', data: moodleBackupXml('1') }, { name: 'users.xml', data: usersXml }, { name: 'activities/scorm_5/', type: '5' }, { name: 'activities/scorm_5/scorm.xml', data: scormXml(tracks12) }]));
    expect(subs.map((s) => [s.learner.key, s.answers.length, s.at])).toEqual([['email:old@example.invalid', 2, '2026-12-02T01:52:30.000Z']]);
  });

  test('numbers the interactions of a later SCO after those of the one before, and reads only the tracks', async () => {
    // Each SCO carries its own data (name/value pairs that are not tracks) before its tracks.
    const data = '<sco_datas><sco_data id="1"><name>mastery</name><value>80</value></sco_data></sco_datas>';
    const two = `<?xml version="1.0" encoding="UTF-8"?>
<activity id="5" moduleid="9" modulename="scorm">
  <scorm id="5"><name>Two &amp; more</name><version>SCORM_1.2</version><scoes>
    <sco id="1">${data}<sco_tracks>${tracks12}</sco_tracks></sco>
    <sco id="2">${data}<sco_tracks></sco_tracks></sco>
    <sco id="3">${data}<sco_tracks>
      ${track(8, 'cmi.interactions_0.id', 'survey-d')}
      <sco_track id="9">
        <userid>7</userid>
        <attempt>1</attempt>
        <element>cmi.interactions_0.student_response</element>
        <value>&#x3042;&lt;5&gt;</value>
        <timemodified>$@NULL@$</timemodified>
      </sco_track>
    </sco_tracks></sco>
  </scoes></scorm>
</activity>
`;
    const subs = await readMoodleBackup('two.mbz', mbz([{ name: 'moodle_backup.xml', data: moodleBackupXml('1') }, { name: 'users.xml', data: usersXml }, { name: 'activities/scorm_5/scorm.xml', data: two }]));
    expect(subs.map((s) => [s.activity, s.score, s.answers])).toEqual([
      [
        { cmid: 9, name: 'Two & more', version: 'SCORM_1.2' },
        80,
        [
          { id: 'survey-a', index: 0, response: '4', result: 'neutral' },
          { id: 'survey-b', index: 1, response: 'a & "b"', result: null },
          { id: 'survey-d', index: 3, response: 'あ<5>', result: null },
        ],
      ],
    ]);
  });

  test('refuses an activity whose scorm.xml is cut short or holds a broken character reference', async () => {
    const cut = scormXml(tracks12).slice(0, -40);
    const short = await inputError(() => readInput('cut.mbz', mbz([{ name: 'moodle_backup.xml', data: moodleBackupXml('1') }, { name: 'activities/scorm_5/scorm.xml', data: cut }])));
    expect(short.problem).toBe('activities/scorm_5/scorm.xml cannot be read: it ends before its closing </activity> (cut short?).');
    expect([short.file, short.hint]).toEqual(['cut.mbz', hint]);
    const broken = await inputError(() => readInput('amp.mbz', mbz([{ name: 'moodle_backup.xml', data: moodleBackupXml('1') }, { name: 'activities/scorm_5/scorm.xml', data: scormXml(track(1, 'cmi.interactions_0.student_response', 'a & b')) }])));
    expect(broken.problem).toMatch(/^activities\/scorm_5\/scorm\.xml cannot be read: a <sco_track> at byte \d+: a "&" that starts no entity\.$/);
  });

  test('refuses a truncated backup', async () => {
    const cut = activity12.bytes.subarray(0, Math.floor(activity12.bytes.length / 2));
    const err = await inputError(() => readInput('cut.mbz', cut));
    expect(err.message).toBe('cut.mbz: the backup is cut short (its compressed stream ends too early); it was not completely downloaded or copied.');
    expect(err.hint).toBe(hint);
  });

  test('refuses a backup whose tar stops inside an entry', async () => {
    const whole = tar([{ name: 'moodle_backup.xml', data: moodleBackupXml('1').repeat(4) }]);
    const err = await inputError(() => readMoodleBackup('short.mbz', gzipSync(whole.subarray(0, 1024))));
    expect(err.problem).toBe('the backup is cut short (an entry ends before its declared size); it was not completely downloaded or copied.');
  });

  test.each([
    ['../../etc/cron.d/evil', 'the backup would write outside its folder: the entry "../../etc/cron.d/evil" climbs out of its folder with "..".'],
    ['activities/../../evil.xml', 'the backup would write outside its folder: the entry "activities/../../evil.xml" climbs out of its folder with "..".'],
    ['/etc/passwd', 'the backup would write outside its folder: the entry "/etc/passwd" is an absolute path.'],
  ])('refuses a backup with the entry %s', async (name, problem) => {
    const err = await inputError(() => readInput('evil.mbz', mbz([{ name: 'moodle_backup.xml', data: moodleBackupXml('1') }, { name, data: 'x' }])));
    expect(err.message).toBe(`evil.mbz: ${problem}`);
  });

  test.each([
    ['2', 'a symbolic link'],
    ['1', 'a hard link'],
    ['3', 'a character device'],
  ])('refuses a backup holding an entry of type %s (%s)', async (type, what) => {
    const err = await inputError(() => readInput('link.mbz', mbz([{ name: 'users.xml', type, link: '/etc/passwd' }])));
    expect(err.problem).toBe(`the entry "users.xml" is ${what}, which a Moodle backup never holds; extracted, it could point outside its folder.`);
  });

  test('refuses a backup made without user data', async () => {
    const err = await inputError(() => readInput('nousers.mbz', mbz([{ name: 'moodle_backup.xml', data: moodleBackupXml('0') }, { name: 'activities/scorm_5/scorm.xml', data: scormXml('') }])));
    expect(err.problem).toBe('the backup was made without user data, so it holds no SCORM tracks (no answers).');
    expect(err.hint).toBe(hint);
  });

  test('refuses a backup with SCORM activities but no tracks, and one with no SCORM activity', async () => {
    const untracked = await inputError(() => readInput('untracked.mbz', mbz([{ name: 'moodle_backup.xml', data: moodleBackupXml('1') }, { name: 'activities/scorm_5/scorm.xml', data: scormXml('') }])));
    expect(untracked.problem).toBe('the backup holds SCORM activities but no SCORM tracks (no learner has answered, or user data was left out).');
    const noScorm = await inputError(() => readInput('forum.mbz', mbz([{ name: 'moodle_backup.xml', data: moodleBackupXml('1') }, { name: 'activities/forum_3/forum.xml', data: '<activity/>' }])));
    expect(noScorm.problem).toBe('the backup holds no SCORM activity.');
  });

  test('refuses a gzip that is not a backup, and a file that is nothing the report reads', async () => {
    const notTar = await inputError(() => readInput('notes.gz', gzipSync(new TextEncoder().encode('just some notes, compressed'.repeat(40)))));
    expect(notTar.problem).toBe('a tar header fails its checksum: the backup is damaged or is not a Moodle backup.');
    const noDescription = await inputError(() => readInput('other.tgz', mbz([{ name: 'readme.txt', data: 'hello' }])));
    expect(noDescription.problem).toBe('the archive has no moodle_backup.xml, so it is not a Moodle backup.');
    const binary = await inputError(() => readInput('picture.png', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0])));
    expect(binary.message).toBe('picture.png: the file is none of the inputs the report reads.');
    const otherZip = await inputError(() => readInput('archive.zip', zipSync({ 'a.txt': new TextEncoder().encode('a') })));
    expect(otherZip.problem).toBe('the file is none of the inputs the report reads.');
  });
});
